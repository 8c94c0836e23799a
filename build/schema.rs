//! The argument check's reduced form of a JSON Schema: per property, its allowed JSON
//! types as a bit mask, whether it is required, and its `maxLength`. Tool inputs
//! (`tools.rs`) and HTTP tools' output schemas (`http.rs`) both become `Param`s, and
//! the build-wide facts the server compiles against (`catalog::TYPE_SETS`,
//! `catalog::INTEGER_PARAMS`) are read from these values, never from generated source.

/// JSON Schema type names, the server's `ty::*` constant for each, and its bit there.
pub const TYPES: [(&str, &str, u32); 7] = [
    ("string", "STRING", 0),
    ("number", "NUMBER", 1),
    ("integer", "INTEGER", 2),
    ("boolean", "BOOLEAN", 3),
    ("object", "OBJECT", 4),
    ("array", "ARRAY", 5),
    ("null", "NULL", 6),
];

/// The `integer` bit of a mask.
pub const INTEGER: u32 = 1 << 2;

/// One property as the argument check sees it.
pub struct Param {
    pub name: String,
    /// `ty::*` bits: each type the property allows.
    pub mask: u32,
    pub required: bool,
    /// `maxLength`, if declared.
    pub max_len: Option<u64>,
}

/// The mask of a list of JSON Schema type names; the first unknown name is the error.
pub fn mask<'a>(types: impl IntoIterator<Item = &'a str>) -> std::result::Result<u32, &'a str> {
    types.into_iter().try_fold(0, |mask, t| match TYPES.iter().find(|(name, _, _)| *name == t) {
        Some((_, _, bit)) => Ok(mask | 1 << bit),
        None => Err(t),
    })
}

/// Every type: a property that declares none allows them all.
pub const ANY: [&str; 7] = ["string", "number", "integer", "boolean", "object", "array", "null"];

impl Param {
    /// The `Param { .. }` source, its name spelled as `name_source` (a literal, or a
    /// slice of a list page).
    pub fn source(&self, name_source: &str) -> String {
        let types: Vec<String> =
            TYPES.iter().filter(|(_, _, bit)| self.mask & 1 << bit != 0).map(|(_, c, _)| format!("ty::{c}")).collect();
        // Written as source text: the host's usize::MAX does not fit wasm32's.
        let max_len = self.max_len.map_or("usize::MAX".to_string(), |n| n.to_string());
        format!("Param {{ name: {name_source}, types: {}, required: {}, max_len: {max_len} }}", types.join(" | "), self.required)
    }
}

/// Which type sets the argument check meets: bit `m` is set when some parameter's mask
/// is `m` (masks are below 128). The server compiles the type checks and messages of the
/// sets no parameter has out (`src/mcp/tools.rs`).
pub fn type_sets<'a>(params: impl IntoIterator<Item = &'a Param>) -> u128 {
    params.into_iter().fold(0, |sets, p| sets | 1 << p.mask)
}
