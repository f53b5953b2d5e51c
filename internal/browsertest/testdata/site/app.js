// Filter rows by text and sort them by a column: what the fixture tests use
// to prove the harness sees interactions.
const rows = () => Array.from(document.querySelectorAll("#plans tbody tr"));
const status = document.getElementById("status");
document.getElementById("filter").addEventListener("input", (e) => {
  const q = e.target.value.toLowerCase();
  let shown = 0;
  for (const r of rows()) {
    r.hidden = !r.textContent.toLowerCase().includes(q);
    if (!r.hidden) shown++;
  }
  status.textContent = shown + (shown === 1 ? " plan" : " plans");
});
for (const b of document.querySelectorAll("button[data-sort]")) {
  b.addEventListener("click", () => {
    const col = Number(b.dataset.sort);
    const body = document.querySelector("#plans tbody");
    rows()
      .sort((x, y) => x.cells[col].textContent.localeCompare(y.cells[col].textContent))
      .forEach((r) => body.appendChild(r));
  });
}
