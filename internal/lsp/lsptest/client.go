// Package lsptest is a small LSP client for tests: it talks JSON-RPC to a
// language server over any stream (an in-process pipe or a child process's
// stdio), collects the diagnostics the server publishes and makes typed
// requests. It is the test side only; editors are the real clients.
package lsptest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// Client is one connection to a server.
type Client struct {
	conn *jsonrpc2.Conn
	mu   sync.Mutex
	// published holds every publishDiagnostics notification, in arrival
	// order; changed is signalled on each.
	published []Published
	changed   chan struct{}
}

// Dial connects to a server at the other end of rwc.
func Dial(ctx context.Context, rwc io.ReadWriteCloser) *Client {
	c := &Client{changed: make(chan struct{}, 1)}
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(c.handle))
	return c
}

func (c *Client) handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	if req.Method == "textDocument/publishDiagnostics" && req.Params != nil {
		var p Published
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			return nil, err
		}
		c.mu.Lock()
		c.published = append(c.published, p)
		c.mu.Unlock()
		select {
		case c.changed <- struct{}{}:
		default:
		}
	}
	return nil, nil
}

// Published is a publishDiagnostics notification as the client reads it.
type Published struct {
	URI         protocol.DocumentUri `json:"uri"`
	Version     *int32               `json:"version"`
	Diagnostics []Diagnostic         `json:"diagnostics"`
}

// Diagnostic is an LSP diagnostic with a string code (the rule id). It is
// ours, not glsp's: glsp's IntegerOrString cannot be decoded into (its
// UnmarshalJSON has a value receiver), which only a client notices.
type Diagnostic struct {
	Range    protocol.Range `json:"range"`
	Severity int            `json:"severity"`
	Code     string         `json:"code"`
	Source   string         `json:"source"`
	Message  string         `json:"message"`
}

// Close ends the connection.
func (c *Client) Close() error { return c.conn.Close() }

// Call makes a request and decodes its result into result.
func (c *Client) Call(ctx context.Context, method string, params, result any) error {
	return c.conn.Call(ctx, method, params, result)
}

// Notify sends a notification.
func (c *Client) Notify(ctx context.Context, method string, params any) error {
	return c.conn.Notify(ctx, method, params)
}

// Initialize runs the handshake with root as the workspace folder ("" for
// none).
func (c *Client) Initialize(ctx context.Context, root string) (protocol.InitializeResult, error) {
	var params protocol.InitializeParams
	if root != "" {
		uri := protocol.DocumentUri("file://" + root)
		params.RootURI = &uri
		params.WorkspaceFolders = []protocol.WorkspaceFolder{{URI: string(uri), Name: "root"}}
	}
	var res protocol.InitializeResult
	if err := c.Call(ctx, "initialize", params, &res); err != nil {
		return res, err
	}
	return res, c.Notify(ctx, "initialized", protocol.InitializedParams{})
}

// Open sends didOpen for a Markdown document.
func (c *Client) Open(ctx context.Context, uri protocol.DocumentUri, version int32, text string) error {
	return c.Notify(ctx, "textDocument/didOpen", protocol.DidOpenTextDocumentParams{
		TextDocument: protocol.TextDocumentItem{URI: uri, LanguageID: "markdown", Version: version, Text: text},
	})
}

// Change sends didChange with the whole new text.
func (c *Client) Change(ctx context.Context, uri protocol.DocumentUri, version int32, text string) error {
	return c.Notify(ctx, "textDocument/didChange", map[string]any{
		"textDocument":   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri}, Version: version},
		"contentChanges": []map[string]any{{"text": text}},
	})
}

// Diagnostics waits for the diagnostics published for uri at version (or
// any version when version < 0) and returns them.
func (c *Client) Diagnostics(ctx context.Context, uri protocol.DocumentUri, version int32) ([]Diagnostic, error) {
	for {
		c.mu.Lock()
		for i := len(c.published) - 1; i >= 0; i-- {
			p := c.published[i]
			if p.URI == uri && (version < 0 || (p.Version != nil && int32(*p.Version) == version)) {
				c.mu.Unlock()
				return p.Diagnostics, nil
			}
		}
		c.mu.Unlock()
		select {
		case <-c.changed:
		case <-ctx.Done():
			return nil, fmt.Errorf("no diagnostics for %s version %d: %w", uri, version, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Reset forgets the diagnostics received so far.
func (c *Client) Reset() {
	c.mu.Lock()
	c.published = nil
	c.mu.Unlock()
}
