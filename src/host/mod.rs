//! FastEdge imports beyond the core world, one file each, compiled only into modules
//! that use them (the `edge_http` / `edge_kv` cfgs from build/main.rs). Each file
//! generates bindings for its own small world (`wit/imports.wit`), so a module that
//! uses neither carries neither the code nor the import.

#[cfg(edge_http)]
pub mod http_client;
#[cfg(edge_kv)]
pub mod key_value;
