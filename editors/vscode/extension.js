// normtools for VS Code: start `normtools server` and let vscode-languageclient do the rest
// (diagnostics, quick fixes, "source.fixAll.normtools", formatting, hover).
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

async function activate(context) {
  const [command, ...args] = vscode.workspace
    .getConfiguration("normtools")
    .get("command", ["normtools"]);
  const server = { command, args: [...args, "server"] };
  client = new LanguageClient(
    "normtools",
    "normtools",
    { run: server, debug: server },
    {
      // The server itself skips files whose extension normtools does not handle.
      documentSelector: ["file", "untitled"].flatMap((scheme) =>
        ["markdown", "plaintext"].map((language) => ({ scheme, language })),
      ),
    },
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("normtools.command")) {
        vscode.window.showInformationMessage("normtools: reload the window to use the new command.");
      }
    }),
  );
  await client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
