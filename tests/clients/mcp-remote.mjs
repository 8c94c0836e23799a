// Real-client test: the `mcp-remote` stdio bridge (how Claude Desktop and other
// stdio-only clients reach a remote server, as the README shows), driven over stdio by
// the TypeScript SDK's Client + StdioClientTransport.
//
//   MCP_TS_SDK_DIR=.tools/ts-sdk MCP_REMOTE_DIR=.tools/mcp-remote \
//     node tests/clients/mcp-remote.mjs http://127.0.0.1:PORT/mcp
//
// HOME should be a scratch folder (mcp-remote keeps OAuth state under ~/.mcp-auth).
// Exits 0 on success; on failure prints "FAIL <reason>" as its last line and exits 1.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const url = process.argv[2];
const sdkDir = process.env.MCP_TS_SDK_DIR;
const remoteDir = process.env.MCP_REMOTE_DIR;
if (!url || !sdkDir || !remoteDir) {
  console.log("FAIL usage: MCP_TS_SDK_DIR=... MCP_REMOTE_DIR=... mcp-remote.mjs URL");
  process.exit(2);
}
const req = createRequire(path.join(path.resolve(sdkDir), "package.json"));
const load = async (spec) => import(pathToFileURL(req.resolve(spec)).href);
const { Client } = await load("@modelcontextprotocol/sdk/client/index.js");
const { StdioClientTransport } = await load("@modelcontextprotocol/sdk/client/stdio.js");
const { McpError } = await load("@modelcontextprotocol/sdk/types.js");
const remotePkg = path.join(path.resolve(remoteDir), "node_modules/mcp-remote");
const remoteVersion = JSON.parse(readFileSync(path.join(remotePkg, "package.json"), "utf8")).version;

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}
const step = (s) => console.log("ok  " + s);

async function main() {
  const stderr = [];
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(remotePkg, "dist/proxy.js"), url, "--transport", "http-only"],
    env: { ...process.env },
    stderr: "pipe",
  });
  const client = new Client({ name: "edge-mcp-clients-mcp-remote", version: "1.0.0" }, { capabilities: {} });
  const errors = [];
  client.onerror = (e) => errors.push("client.onerror: " + (e && e.message));
  const connecting = client.connect(transport);
  transport.stderr?.on("data", (d) => stderr.push(String(d)));
  try {
    await connecting;
  } catch (e) {
    throw new Error(`connect through mcp-remote failed: ${e.message}; bridge stderr: ${stderr.join("").slice(-400)}`);
  }
  eq(client.getServerVersion()?.name, "edge-mcp", "serverInfo.name through the bridge");
  step(`initialize through mcp-remote ${remoteVersion}`);

  const tools = await client.listTools();
  eq(tools.tools.map((t) => t.name).sort(), ["app_config", "edge_info", "github_repo", "hello"], "tool names");
  step("tools/list");

  const hello = await client.callTool({ name: "hello", arguments: { name: "FastEdge" } });
  eq(hello.content, [{ type: "text", text: "Hello, FastEdge!" }], "hello content");
  const cfg = await client.callTool({ name: "app_config", arguments: { key: "PUBLIC_GREETING" } });
  eq(cfg.content, [{ type: "text", text: "hi" }], "app_config PUBLIC_GREETING");
  const edge = await client.callTool({ name: "edge_info", arguments: {} });
  eq(edge.structuredContent && edge.structuredContent.countryCode, "lu", "edge_info countryCode");
  step("tools/call hello, app_config, edge_info");

  let unknownErr = null;
  try {
    await client.callTool({ name: "no_such_tool", arguments: {} });
  } catch (e) {
    unknownErr = e;
  }
  check(unknownErr instanceof McpError, "unknown tool did not raise McpError: " + unknownErr);
  eq(unknownErr.code, -32602, "unknown tool error code through the bridge");
  const bad = await client.callTool({ name: "hello", arguments: {} });
  eq(bad.isError, true, "hello {} isError");
  step("errors pass through the bridge (-32602, isError)");

  const about = await client.readResource({ uri: "edge://server/about" });
  check(about.contents[0].text.startsWith("# edge-mcp"), "about text");
  const greet = await client.getPrompt({ name: "greet", arguments: { name: "Ann", style: "formal" } });
  eq(greet.messages[0].content.text, "Greet Ann in a formal style. Use the hello tool.", "greet text");
  step("resources/read + prompts/get");

  await client.close();
  check(errors.length === 0, "errors: " + errors.join(" | "));
  console.log("bridge stderr:\n" + stderr.join(""));
  step("closed");
  console.log(`sdk-version ${remoteVersion}`);
}

const timer = setTimeout(() => {
  console.log("FAIL timed out after 60s");
  process.exit(1);
}, 60000);
try {
  await main();
  clearTimeout(timer);
  process.exit(0);
} catch (e) {
  clearTimeout(timer);
  console.log("FAIL " + String((e && e.message) || e).replace(/\s+/g, " "));
  process.exit(1);
}
