// The whole extension: start `rolloutdocs lsp` for Markdown files and let
// vscode-languageclient do the rest. The server itself decides which
// Markdown files are plans (those under the workspace's content/).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("rolloutdocs").get("path") || "rolloutdocs";
  client = new LanguageClient(
    "rolloutdocs",
    "rolloutdocs",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "markdown" }, { scheme: "untitled", language: "markdown" }] },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
