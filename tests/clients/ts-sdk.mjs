// Real-client test: the official TypeScript SDK (@modelcontextprotocol/sdk 1.x),
// Client + StreamableHTTPClientTransport against the running server.
//
//   node tests/clients/ts-sdk.mjs http://127.0.0.1:PORT/mcp
//
// NODE_PATH-free: the SDK is resolved from $MCP_TS_SDK_DIR (the folder holding its
// node_modules, installed by tests/clients/run.sh). Exits 0 on success; on failure
// prints "FAIL <reason>" as its last line and exits 1.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const url = process.argv[2];
if (!url) {
  console.log("FAIL usage: ts-sdk.mjs URL");
  process.exit(2);
}
const sdkDir = process.env.MCP_TS_SDK_DIR;
if (!sdkDir) {
  console.log("FAIL MCP_TS_SDK_DIR is not set");
  process.exit(2);
}
const req = createRequire(path.join(path.resolve(sdkDir), "package.json"));
const load = async (spec) => import(pathToFileURL(req.resolve(spec)).href);
const { Client } = await load("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = await load("@modelcontextprotocol/sdk/client/streamableHttp.js");
const { McpError, LATEST_PROTOCOL_VERSION } = await load("@modelcontextprotocol/sdk/types.js");
const sdkVersion = JSON.parse(
  readFileSync(path.join(path.resolve(sdkDir), "node_modules/@modelcontextprotocol/sdk/package.json"), "utf8"),
).version;

// Anything the SDK (or we) report through console.error / console.warn, or onerror, fails the test.
const errors = [];
const origError = console.error.bind(console);
const origWarn = console.warn.bind(console);
console.error = (...a) => { errors.push("console.error: " + a.map(String).join(" ")); origError(...a); };
console.warn = (...a) => { errors.push("console.warn: " + a.map(String).join(" ")); origWarn(...a); };

// Count every HTTP request the transport makes, by method and status. With `asVersion`,
// the initialize request is rewritten to ask for that protocol version, so the whole
// session runs as an older client would (the SDK accepts any version it supports).
function makeFetch(requests, asVersion) {
  return async (input, init) => {
    const method = (init && init.method) || "GET";
    if (asVersion && method === "POST" && typeof init.body === "string") {
      const msg = JSON.parse(init.body);
      if (msg.method === "initialize") {
        msg.params.protocolVersion = asVersion;
        init = { ...init, body: JSON.stringify(msg) };
      }
    }
    const headers = new Headers(init && init.headers);
    const res = await fetch(input, init);
    requests.push({ method, status: res.status, version: headers.get("mcp-protocol-version") });
    return res;
  };
}

function check(cond, msg) {
  if (!cond) throw new Error(msg);
}
function eq(actual, expected, what) {
  const a = JSON.stringify(actual), e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let label = "";
const step = (s) => console.log(`ok  [${label}] ${s}`);

async function main(asVersion) {
  label = asVersion ? `protocol ${asVersion}` : "default protocol";
  const requests = [];
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    fetch: makeFetch(requests, asVersion),
    // Make a reconnect loop visible quickly if the transport ever starts one.
    reconnectionOptions: { initialReconnectionDelay: 100, maxReconnectionDelay: 200, reconnectionDelayGrowFactor: 1, maxRetries: 50 },
  });
  transport.onerror = (e) => errors.push("transport.onerror: " + (e && e.message));
  const client = new Client({ name: "edge-mcp-clients-ts", version: "1.0.0" }, { capabilities: {} });
  client.onerror = (e) => errors.push("client.onerror: " + (e && e.message));

  await client.connect(transport);
  const info = client.getServerVersion();
  eq(info && info.name, "edge-mcp", "serverInfo.name");
  const caps = client.getServerCapabilities();
  check(caps && caps.tools && caps.resources && caps.prompts && caps.completions, "capabilities lack tools/resources/prompts/completions: " + JSON.stringify(caps));
  check(transport.sessionId === undefined, "stateless server issued a session id: " + transport.sessionId);
  eq(transport.protocolVersion, asVersion || LATEST_PROTOCOL_VERSION, "negotiated protocol version");
  step(`initialize (server ${info.name} ${info.version}, protocol ${transport.protocolVersion})`);

  await client.ping();
  step("ping");

  const tools = await client.listTools();
  eq(tools.tools.map((t) => t.name).sort(), ["app_config", "edge_info", "github_repo", "hello"], "tool names");
  step("tools/list");

  const hello = await client.callTool({ name: "hello", arguments: { name: "FastEdge" } });
  eq(hello.content, [{ type: "text", text: "Hello, FastEdge!" }], "hello content");
  check(!hello.isError, "hello isError");
  step("tools/call hello");

  // The SDK validates structuredContent against the tool's outputSchema.
  const edge = await client.callTool({ name: "edge_info", arguments: {} });
  check(edge.structuredContent && typeof edge.structuredContent === "object", "edge_info has no structuredContent");
  eq(edge.structuredContent.city, "luxembourg", "edge_info city (runner --geo)");
  eq(edge.structuredContent.countryCode, "lu", "edge_info countryCode");
  eq(JSON.parse(edge.content[0].text), edge.structuredContent, "edge_info text block = structuredContent");
  step("tools/call edge_info (structuredContent)");

  const cfg = await client.callTool({ name: "app_config", arguments: { key: "PUBLIC_GREETING" } });
  eq(cfg.content, [{ type: "text", text: "hi" }], "app_config PUBLIC_GREETING");
  step("tools/call app_config");

  let unknownErr = null;
  try {
    await client.callTool({ name: "no_such_tool", arguments: {} });
  } catch (e) {
    unknownErr = e;
  }
  check(unknownErr instanceof McpError, "unknown tool did not raise McpError: " + unknownErr);
  eq(unknownErr.code, -32602, "unknown tool error code");
  step("tools/call unknown -> McpError -32602");

  const bad = await client.callTool({ name: "hello", arguments: {} });
  eq(bad.isError, true, "hello {} isError");
  eq(bad.content, [{ type: "text", text: 'Invalid arguments: missing required argument "name"' }], "hello {} content");
  step("tools/call hello {} -> isError result");

  const res = await client.listResources();
  eq(res.resources.map((r) => r.uri), ["edge://server/about"], "resource uris");
  const about = await client.readResource({ uri: "edge://server/about" });
  eq(about.contents.length, 1, "about contents length");
  eq(about.contents[0].uri, "edge://server/about", "about uri");
  eq(about.contents[0].mimeType, "text/markdown", "about mimeType");
  check(about.contents[0].text.startsWith("# edge-mcp"), "about text: " + JSON.stringify(about.contents[0].text.slice(0, 40)));
  let notFound = null;
  try {
    await client.readResource({ uri: "edge://nope" });
  } catch (e) {
    notFound = e;
  }
  check(notFound instanceof McpError, "missing resource did not raise McpError");
  eq(notFound.code, -32002, "missing resource error code");
  const templates = await client.listResourceTemplates();
  eq(templates.resourceTemplates.map((t) => t.uriTemplate), ["kv://notes/{name}"], "resource templates");
  step("resources/list + resources/read (+ -32002) + resources/templates/list");

  const prompts = await client.listPrompts();
  eq(prompts.prompts.map((p) => p.name), ["greet"], "prompt names");
  const greet = await client.getPrompt({ name: "greet", arguments: { name: "Ann", style: "pirate" } });
  eq(greet.messages, [{ role: "user", content: { type: "text", text: "Greet Ann in a pirate style. Use the hello tool." } }], "greet messages");
  step("prompts/list + prompts/get");

  const comp = await client.complete({ ref: { type: "ref/prompt", name: "greet" }, argument: { name: "style", value: "" } });
  eq(comp.completion.values, ["formal", "casual", "pirate"], "completion values");
  step("completion/complete");

  // Logging is not advertised: the request still goes out (non-strict client) and gets -32601.
  let logErr = null;
  try {
    await client.setLoggingLevel("info");
  } catch (e) {
    logErr = e;
  }
  check(logErr instanceof McpError, "logging/setLevel did not raise McpError: " + logErr);
  eq(logErr.code, -32601, "logging/setLevel error code");
  step("logging/setLevel -> -32601 (not advertised)");

  // Idle a while: a transport in a GET reconnect loop would keep issuing requests.
  await sleep(1500);
  await client.close();
  await sleep(200);

  const gets = requests.filter((r) => r.method === "GET");
  check(gets.length <= 1, `GET issued ${gets.length} times (reconnect loop): ${JSON.stringify(gets)}`);
  check(gets.every((g) => g.status === 405), "GET not answered 405: " + JSON.stringify(gets));
  const bads = requests.filter((r) => r.method !== "GET" && r.status !== 200 && r.status !== 202);
  check(bads.length === 0, "unexpected HTTP statuses: " + JSON.stringify(bads));
  const deletes = requests.filter((r) => r.method === "DELETE");
  check(deletes.length === 0, "DELETE sent although no session id was issued");
  const later = requests.slice(1).filter((r) => r.method === "POST");
  check(later.every((r) => r.version === (asVersion || LATEST_PROTOCOL_VERSION)), "MCP-Protocol-Version headers: " + JSON.stringify(later.map((r) => r.version)));
  step(`HTTP requests: ${requests.length} (${gets.length} GET -> 405, no reconnect)`);

  check(errors.length === 0, "errors logged: " + errors.join(" | "));
  step("no console.error / onerror");
}

const timer = setTimeout(() => {
  console.log("FAIL timed out after 60s");
  process.exit(1);
}, 60000);
try {
  await main();
  // The same session as a 2025-03-26 client (the SDK still validates structuredContent).
  await main("2025-03-26");
  clearTimeout(timer);
  console.log(`sdk-version ${sdkVersion}`);
  process.exit(0);
} catch (e) {
  clearTimeout(timer);
  console.log("FAIL " + String((e && e.message) || e).replace(/\s+/g, " "));
  process.exit(1);
}
