package lsp

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// DefaultDebounce is how long the server waits after a change before it
// checks the text: long enough that a burst of keystrokes is checked once,
// short enough that diagnostics still feel immediate (BenchmarkDidChange
// measures change -> publishDiagnostics with it).
const DefaultDebounce = 15 * time.Millisecond

// Options configure a Server.
type Options struct {
	// Debounce is the delay between a change and its check; zero means
	// DefaultDebounce.
	Debounce time.Duration
	// Version is reported to the client in serverInfo.
	Version string
	// Log receives the server's own messages (stderr for `rolloutdocs lsp`);
	// nil discards them.
	Log *log.Logger
}

// Server is one editor's session: the open documents and the workspace.
type Server struct {
	opts     Options
	handler  protocol.Handler
	mu       sync.Mutex
	docs     map[protocol.DocumentUri]*document
	root     string   // the workspace folder, absolute; "" without one
	others   []string // the workspace's plan files, as displayPath names them
	conn     *jsonrpc2.Conn
	ctx      context.Context
	shutdown bool
}

// NewServer returns a server ready for Serve.
func NewServer(opts Options) *Server {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.Log == nil {
		opts.Log = log.New(io.Discard, "", 0)
	}
	s := &Server{opts: opts, docs: map[protocol.DocumentUri]*document{}}
	s.handler = protocol.Handler{
		Initialize:                     s.initialize,
		Initialized:                    func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:                       s.shutdownRequest,
		Exit:                           func(*glsp.Context) error { return nil },
		SetTrace:                       func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:            s.didOpen,
		TextDocumentDidChange:          s.didChange,
		TextDocumentDidSave:            s.didSave,
		TextDocumentDidClose:           s.didClose,
		WorkspaceDidChangeWatchedFiles: s.didChangeWatchedFiles,
		TextDocumentCodeAction:         s.codeAction,
		TextDocumentCompletion:         s.completion,
		TextDocumentHover:              s.hover,
		TextDocumentDocumentSymbol:     s.documentSymbol,
		TextDocumentDefinition:         s.definition,
	}
	return s
}

// Serve answers one client over rwc (stdin and stdout for `rolloutdocs
// lsp`) until it sends exit or closes the stream.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	s.ctx = ctx
	// Requests are handled one at a time in the order they arrive, so a
	// didChange is always applied before the request that follows it.
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(s.handle))
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.mu.Lock()
	for _, d := range s.docs {
		if d.pending != nil {
			d.pending.Stop()
		}
	}
	s.mu.Unlock()
	return nil
}

// handle dispatches one message through glsp's protocol.Handler and turns
// its outcome into a JSON-RPC answer; a panic in a feature becomes an error
// answer, not a dead server.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			s.opts.Log.Printf("internal error in %s: %v", req.Method, r)
			result, err = nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInternalError, Message: fmt.Sprintf("rolloutdocs: internal error in %s: %v", req.Method, r)}
		}
	}()
	gctx := &glsp.Context{Method: req.Method, Notify: func(method string, params any) { s.notify(method, params) }}
	if req.Params != nil {
		gctx.Params = *req.Params
	}
	if req.Method == protocol.MethodExit {
		return nil, conn.Close()
	}
	r, validMethod, validParams, err := s.handler.Handle(gctx)
	switch {
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

func (s *Server) notify(method string, params any) {
	s.mu.Lock()
	conn := s.conn
	s.mu.Unlock()
	if conn == nil {
		return
	}
	if err := conn.Notify(s.ctx, method, params); err != nil {
		s.opts.Log.Printf("sending %s: %v", method, err)
	}
}

func (s *Server) initialize(_ *glsp.Context, params *protocol.InitializeParams) (any, error) {
	root := ""
	switch {
	case len(params.WorkspaceFolders) > 0:
		root = uriPath(params.WorkspaceFolders[0].URI)
	case params.RootURI != nil:
		root = uriPath(*params.RootURI)
	case params.RootPath != nil:
		root = *params.RootPath
	}
	s.mu.Lock()
	s.root = root
	s.mu.Unlock()
	s.rescanWorkspace()

	syncKind := protocol.TextDocumentSyncKindFull
	yes := true
	caps := protocol.ServerCapabilities{
		TextDocumentSync: protocol.TextDocumentSyncOptions{
			OpenClose: &yes,
			Change:    &syncKind,
			Save:      true,
		},
		CodeActionProvider:     protocol.CodeActionOptions{CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix}},
		CompletionProvider:     &protocol.CompletionOptions{TriggerCharacters: []string{":", " "}},
		HoverProvider:          true,
		DocumentSymbolProvider: true,
		DefinitionProvider:     true,
	}
	version := s.opts.Version
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "rolloutdocs", Version: &version},
	}, nil
}

func (s *Server) shutdownRequest(*glsp.Context) error {
	s.mu.Lock()
	s.shutdown = true
	s.mu.Unlock()
	return nil
}

// rescanWorkspace lists the workspace's plan files again (on start, on
// save, and when the client says files changed), for the duplicate-slug
// check.
func (s *Server) rescanWorkspace() {
	s.mu.Lock()
	root := s.root
	s.mu.Unlock()
	files := workspacePlans(root)
	for i, f := range files {
		files[i] = displayPath(root, f)
	}
	s.mu.Lock()
	s.others = files
	s.mu.Unlock()
}

func (s *Server) didOpen(_ *glsp.Context, params *protocol.DidOpenTextDocumentParams) error {
	td := params.TextDocument
	s.mu.Lock()
	path := uriPath(td.URI)
	d := &document{uri: td.URI, path: displayPath(s.root, path), isPlan: isPlanPath(s.root, path), version: td.Version, text: td.Text}
	if old := s.docs[td.URI]; old != nil && old.pending != nil {
		old.pending.Stop()
	}
	s.docs[td.URI] = d
	s.mu.Unlock()
	s.publish(td.URI)
	return nil
}

func (s *Server) didChange(_ *glsp.Context, params *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[params.TextDocument.URI]
	if d == nil {
		return fmt.Errorf("didChange for %s, which is not open", params.TextDocument.URI)
	}
	for _, change := range params.ContentChanges {
		switch c := change.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			d.text = c.Text
		case protocol.TextDocumentContentChangeEvent:
			// Full sync is what the server asks for; a client that sends
			// ranges anyway gets them applied.
			d.text = applyChange(d.text, c)
		}
	}
	d.version = params.TextDocument.Version
	uri := d.uri
	if d.pending != nil {
		d.pending.Stop()
	}
	d.pending = time.AfterFunc(s.opts.Debounce, func() { s.publish(uri) })
	return nil
}

func (s *Server) didSave(_ *glsp.Context, params *protocol.DidSaveTextDocumentParams) error {
	s.rescanWorkspace()
	s.invalidate()
	s.publish(params.TextDocument.URI)
	return nil
}

func (s *Server) didChangeWatchedFiles(*glsp.Context, *protocol.DidChangeWatchedFilesParams) error {
	s.rescanWorkspace()
	s.invalidate()
	s.mu.Lock()
	uris := make([]protocol.DocumentUri, 0, len(s.docs))
	for uri := range s.docs {
		uris = append(uris, uri)
	}
	s.mu.Unlock()
	for _, uri := range uris {
		s.publish(uri)
	}
	return nil
}

// invalidate drops every cached analysis (the workspace changed).
func (s *Server) invalidate() {
	s.mu.Lock()
	for _, d := range s.docs {
		d.checked = nil
	}
	s.mu.Unlock()
}

func (s *Server) didClose(_ *glsp.Context, params *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[params.TextDocument.URI]
	delete(s.docs, params.TextDocument.URI)
	if d != nil && d.pending != nil {
		d.pending.Stop()
	}
	s.mu.Unlock()
	// A closed plan's problems are `check`'s business again.
	s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: params.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	return nil
}

// current returns the analysis of the document's latest text, checking it
// if it changed since the last one. ok is false when it is not open.
func (s *Server) current(uri protocol.DocumentUri) (a *analysis, version protocol.Integer, ok bool) {
	s.mu.Lock()
	d := s.docs[uri]
	if d == nil {
		s.mu.Unlock()
		return nil, 0, false
	}
	if d.checked != nil && d.checkedVersion == d.version {
		a, version = d.checked, d.version
		s.mu.Unlock()
		return a, version, true
	}
	path, text, version, others := d.path, d.text, d.version, s.others
	s.mu.Unlock()

	res := analyze(path, text, others)
	s.mu.Lock()
	if d.version == version {
		d.checked, d.checkedVersion = &res, version
	}
	s.mu.Unlock()
	return &res, version, true
}

// publish sends the diagnostics of the document's latest text.
func (s *Server) publish(uri protocol.DocumentUri) {
	a, version, ok := s.current(uri)
	if !ok {
		return
	}
	s.mu.Lock()
	d := s.docs[uri]
	stale := d == nil || d.version != version
	s.mu.Unlock()
	if stale {
		return // a newer change is on its way and will publish itself
	}
	v := protocol.UInteger(version)
	diags := []protocol.Diagnostic{}
	if d.isPlan {
		diags = toLSPDiagnostics(a)
	}
	s.notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{
		URI: uri, Version: &v, Diagnostics: diags,
	})
}
