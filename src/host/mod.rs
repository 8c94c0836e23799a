//! FastEdge imports beyond the core world's, one file each, compiled only into modules
//! that use them (the `edge_http` / `edge_kv` cfgs from build/main.rs), so a module
//! that uses neither carries neither the code nor the import.
//!
//! Their types are declared by the core world's component-type section: a build that
//! uses them generates a world that adds them (`src/edge/mod.rs`, wit/edge-mcp.wit), so
//! these files add no section of their own.

#[cfg(edge_http)]
pub mod http_client;
#[cfg(edge_kv)]
pub mod key_value;
