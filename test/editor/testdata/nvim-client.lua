-- Drives `rolloutdocs lsp` from Neovim's built-in LSP client (Neovim 0.7+,
-- headless) as an author would: open a plan, wait for diagnostics, apply
-- the first quick fix offered, ask for completion, hover, symbols and a
-- definition, and write what came back as JSON for nvim_test.go to check.
-- Inputs come from the environment: ROLLOUTDOCS (the binary), PLAN (the
-- file to open), ROOT (the workspace folder), OUT (the JSON to write).
local out = { errors = {} }
local function fail(msg) table.insert(out.errors, msg) end

local function finish()
  local f = io.open(os.getenv("OUT"), "w")
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("PLAN")))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = "rolloutdocs",
    cmd = { os.getenv("ROLLOUTDOCS"), "lsp", "--stdio" },
    root_dir = os.getenv("ROOT"),
  })
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)

  local function diagnostics()
    local res = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code
      if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
      table.insert(res, { line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col,
        severity = d.severity, code = code, message = d.message, source = d.source })
    end
    table.sort(res, function(a, b)
      if a.line ~= b.line then return a.line < b.line end
      if a.col ~= b.col then return a.col < b.col end
      return a.message < b.message
    end)
    return res
  end
  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 10) then
    fail("no diagnostics within 20 s")
  end
  out.diagnostics = diagnostics()

  -- Puts the cursor on the first occurrence of needle (plus offset bytes).
  local function cursor_at(needle, offset)
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      local s = l:find(needle, 1, true)
      if s then
        vim.api.nvim_win_set_cursor(0, { i, s - 1 + (offset or 0) })
        return true
      end
    end
    fail("no " .. needle .. " in the buffer")
    return false
  end
  local function request(method, params)
    local resp, e = client.request_sync(method, params, 10000, buf)
    if not resp then fail(method .. ": " .. tostring(e)); return nil end
    if resp.err then fail(method .. ": " .. vim.inspect(resp.err)); return nil end
    return resp.result
  end

  -- The quick fix: the first diagnostic that has one, applied as the
  -- editor's code-action menu would.
  out.fix = { offered = false }
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
    local params = vim.lsp.util.make_range_params()
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
    local actions = request("textDocument/codeAction", params) or {}
    if #actions > 0 then
      local a = actions[1]
      local before = #vim.diagnostic.get(buf)
      vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding or "utf-16")
      vim.wait(10000, function() return #vim.diagnostic.get(buf) ~= before end, 10)
      out.fix = { offered = true, title = a.title, kind = a.kind, diagnostics_before = before,
        diagnostics_after = #vim.diagnostic.get(buf),
        text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n") .. "\n" }
      break
    end
  end

  if cursor_at("status: ", 8) then
    local items = request("textDocument/completion", vim.lsp.util.make_position_params()) or {}
    if items.items then items = items.items end
    out.completion_status = {}
    for _, it in ipairs(items) do table.insert(out.completion_status, it.label) end
  end
  if cursor_at("- Pay", 4) then
    local items = request("textDocument/completion", vim.lsp.util.make_position_params()) or {}
    if items.items then items = items.items end
    out.completion_trigger = {}
    for _, it in ipairs(items) do table.insert(out.completion_trigger, it.label) end
  end
  if cursor_at("- Payment failure rate exceeds", 4) then
    local h = request("textDocument/hover", vim.lsp.util.make_position_params())
    out.hover = h and h.contents and h.contents.value or ""
    local loc = request("textDocument/definition", vim.lsp.util.make_position_params())
    if loc and loc.range then out.definition_line = loc.range.start.line end
    if loc and loc[1] then out.definition_line = loc[1].range.start.line end
  end
  local syms = request("textDocument/documentSymbol", { textDocument = vim.lsp.util.make_text_document_params() }) or {}
  out.symbols = {}
  for _, s in ipairs(syms) do
    local children = {}
    for _, c in ipairs(s.children or {}) do table.insert(children, c.name) end
    table.insert(out.symbols, { name = s.name, line = s.range.start.line, children = children })
  end
  client.stop()
end)
if not ok then fail(tostring(err)) end
finish()
