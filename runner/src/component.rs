//! Loading an app: FastEdge accepts *core* modules and turns them into components on upload.
//! This file does the same with wit-component, so what runs here is what runs there.

use std::path::Path;

use anyhow::{bail, Context, Result};
use wasi_preview1_component_adapter_provider::{
    WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME, WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER,
};
use wasmparser::{Parser, Payload};

/// The export every FastEdge HTTP app must have (interface-qualified core export name).
pub const HANDLER_EXPORT: &str = "gcore:fastedge/http-handler#process";
/// The same export as seen on a component.
pub const HANDLER_INTERFACE: &str = "gcore:fastedge/http-handler";

/// What the input file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A core module; `wasi` says whether it imports `wasi_snapshot_preview1`.
    Module { wasi: bool },
    /// Already a component: used as is.
    Component,
}

/// An app ready for `Component::new`.
pub struct AppBinary {
    /// Component bytes.
    pub component: Vec<u8>,
    /// Size of the file as given (the figure that matters for upload limits).
    pub input_bytes: usize,
    pub kind: InputKind,
}

/// Reads `path` and returns a component, wrapping a core module if needed.
pub fn load(path: &Path) -> Result<AppBinary> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path.display();
    if Parser::is_component(&bytes) {
        return Ok(AppBinary { input_bytes: bytes.len(), component: bytes, kind: InputKind::Component });
    }
    if !Parser::is_core_wasm(&bytes) {
        bail!("{name}: not a WebAssembly module (bad magic/version)");
    }
    let shape = ModuleShape::scan(&bytes).with_context(|| format!("{name}: invalid Wasm module"))?;
    if !shape.has_handler {
        bail!("{name}: module does not export `{HANDLER_EXPORT}` (not a FastEdge HTTP app?)");
    }
    let component = encode(&bytes, shape.imports_wasi)
        .with_context(|| format!("{name}: cannot turn the module into a component"))?;
    Ok(AppBinary {
        component,
        input_bytes: bytes.len(),
        kind: InputKind::Module { wasi: shape.imports_wasi },
    })
}

/// The two facts about a core module that decide how it is wrapped.
struct ModuleShape {
    has_handler: bool,
    imports_wasi: bool,
}

impl ModuleShape {
    fn scan(bytes: &[u8]) -> Result<Self> {
        let mut shape = ModuleShape { has_handler: false, imports_wasi: false };
        for payload in Parser::new(0).parse_all(bytes) {
            match payload? {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        if import?.module == WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME {
                            shape.imports_wasi = true;
                        }
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader {
                        if export?.name == HANDLER_EXPORT {
                            shape.has_handler = true;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(shape)
    }
}

/// Module -> component, using the `component-type` custom section the fastedge crate embeds.
/// The reactor adapter is added only when the module really imports WASI: adding it to a
/// module that does not would pull in WASI imports the app never uses.
fn encode(module: &[u8], wasi: bool) -> Result<Vec<u8>> {
    let mut encoder = wit_component::ComponentEncoder::default().module(module)?.validate(true);
    if wasi {
        encoder = encoder
            .adapter(WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME, WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER)?;
    }
    encoder.encode()
}
