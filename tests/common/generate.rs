//! The property tests' generator of JSON-RPC requests (random ids, methods, params,
//! whitespace, escapes and member order), shared by `tests/property.rs` and by the
//! differential test (`tests/differential.rs`), which sends what it generates to the
//! shipped module.

use proptest::prelude::*;
use serde_json::{Map, Value};

// ------------------------------------------------------------------ a JSON writer with choices

/// Writes JSON with randomly chosen whitespace and string escapes, driven by a
/// seed so that proptest can shrink and replay it.
pub struct Writer {
    rng: u64,
    pub out: String,
}

impl Writer {
    pub fn new(seed: u64) -> Writer {
        Writer { rng: seed | 1, out: String::new() }
    }

    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        self.rng.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.next() % one_in == 0
    }

    pub fn ws(&mut self) {
        if self.chance(2) {
            return;
        }
        let n = self.next() % 4;
        for _ in 0..n {
            let c = [' ', '\t', '\n', '\r'][(self.next() % 4) as usize];
            self.out.push(c);
        }
    }

    pub fn hex4(&mut self, unit: u32) {
        let upper = self.chance(2);
        let s = if upper { format!("{unit:04X}") } else { format!("{unit:04x}") };
        self.out.push_str("\\u");
        self.out.push_str(&s);
    }

    pub fn string(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\u{8}' if self.chance(2) => self.out.push_str("\\b"),
                '\u{c}' if self.chance(2) => self.out.push_str("\\f"),
                '\n' if self.chance(2) => self.out.push_str("\\n"),
                '\r' if self.chance(2) => self.out.push_str("\\r"),
                '\t' if self.chance(2) => self.out.push_str("\\t"),
                '/' if self.chance(2) => self.out.push_str("\\/"),
                c if (c as u32) < 0x20 => self.hex4(c as u32),
                c if self.chance(5) => {
                    let mut units = [0u16; 2];
                    for &unit in c.encode_utf16(&mut units).iter() {
                        self.hex4(unit as u32);
                    }
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    pub fn value(&mut self, v: &Value) {
        match v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => self.out.push_str(&n.to_string()),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push('[');
                self.ws();
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                        self.ws();
                    }
                    self.value(item);
                    self.ws();
                }
                self.out.push(']');
            }
            Value::Object(map) => {
                let members: Vec<(&String, &Value)> = map.iter().collect();
                self.members(&members.iter().map(|(k, v)| (k.as_str(), Raw::Value(v))).collect::<Vec<_>>(), false);
            }
        }
    }

    /// An object; `raw_keys` writes the keys without escapes (the envelope's,
    /// since an escaped envelope key is refused by design).
    pub fn members(&mut self, members: &[(&str, Raw)], raw_keys: bool) {
        self.out.push('{');
        self.ws();
        for (i, (k, v)) in members.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
                self.ws();
            }
            if raw_keys {
                self.out.push('"');
                self.out.push_str(k);
                self.out.push('"');
            } else {
                self.string(k);
            }
            self.ws();
            self.out.push(':');
            self.ws();
            match v {
                Raw::Value(v) => self.value(v),
                Raw::Text(t) => self.out.push_str(t),
                Raw::Key(s) => {
                    // Envelope keys are written without escapes: an escaped
                    // envelope key is refused by design.
                    self.out.push('"');
                    self.out.push_str(s);
                    self.out.push('"');
                }
            }
            self.ws();
        }
        self.out.push('}');
    }
}

pub enum Raw<'a> {
    Value(&'a Value),
    Text(String),
    Key(&'a str),
}

// ------------------------------------------------------------------ strategies

pub fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z/_]{0,12}",
        "[\\x00-\\x1f\"\\\\/a é😀\u{7f}\u{80}\u{2028}\u{fffd}\u{10ffff}]{0,16}",
    ]
}

pub fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        tricky_string().prop_map(Value::String),
    ]
}

pub fn json_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(tricky_string(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

pub fn params_object() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(tricky_string(), json_value(), 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>()))
}

/// Raw id text: integers of every size and sign, decimals, exponents, strings.
pub fn id_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("0".to_string()),
        Just("-0".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        "-?[1-9][0-9]{19,40}",
        "-?(0|[1-9][0-9]{0,5})(\\.[0-9]{1,6})?([eE][+-]?[0-9]{1,2})?",
        tricky_string().prop_map(|s| {
            let mut w = Writer::new(s.len() as u64 + 7);
            w.string(&s);
            w.out
        }),
    ]
}

#[derive(Debug, Clone)]
pub struct Request {
    pub id: Option<String>,
    pub method: String,
    pub params: Option<Value>,
    pub extra: Option<Value>,
    pub order: Vec<usize>,
    pub seed: u64,
}

pub fn request() -> impl Strategy<Value = Request> {
    (
        prop::option::weighted(0.85, id_text()),
        tricky_string(),
        prop::option::weighted(0.8, params_object()),
        prop::option::weighted(0.3, json_value()),
        Just(vec![0usize, 1, 2, 3, 4]).prop_shuffle(),
        any::<u64>(),
    )
        .prop_map(|(id, method, params, extra, order, seed)| Request { id, method, params, extra, order, seed })
}

impl Request {
    pub fn text(&self) -> String {
        let mut members: Vec<(&str, Raw)> = Vec::new();
        for &i in &self.order {
            match i {
                0 => members.push(("jsonrpc", Raw::Key("2.0"))),
                1 => {
                    if let Some(id) = &self.id {
                        members.push(("id", Raw::Text(id.clone())));
                    }
                }
                2 => {
                    let mut w = Writer::new(self.seed ^ 0x5555);
                    w.string(&self.method);
                    members.push(("method", Raw::Text(w.out)));
                }
                3 => {
                    if let Some(p) = &self.params {
                        members.push(("params", Raw::Value(p)));
                    }
                }
                _ => {
                    if let Some(x) = &self.extra {
                        members.push(("x-extension", Raw::Value(x)));
                    }
                }
            }
        }
        let mut w = Writer::new(self.seed);
        w.ws();
        w.members(&members, true);
        w.ws();
        w.out
    }
}

