//! Reading declarations: the JSON files of a catalog folder, and the small field
//! checks every kind shares. Each error names the file it is about.

use miniserde::json::{self, Array, Object, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Result;

pub fn unique<'a>(items: impl Iterator<Item = (&'a String, &'a String)>, what: &str) -> Result<()> {
    let mut seen = BTreeSet::new();
    for (name, file) in items {
        if !seen.insert(name.clone()) {
            return Err(format!("{file}: duplicate {what} {name:?}"));
        }
    }
    Ok(())
}

pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

pub fn read_object(path: &Path) -> Result<Object> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match json::from_str::<Value>(&text) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(format!("{}: must be a JSON object", path.display())),
        Err(_) => Err(format!("{}: not valid JSON", path.display())),
    }
}

pub fn string_field(o: &Object, key: &str, file: &str) -> Result<String> {
    match o.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        _ => Err(format!("{file}: \"{key}\" must be a non-empty string")),
    }
}

pub fn strings(list: &Array, what: &str) -> Result<Vec<String>> {
    list.iter()
        .map(|v| match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(format!("{what} must contain only strings")),
        })
        .collect()
}

pub fn completions(o: &mut Object, file: &str, allowed: &[String]) -> Result<Vec<(String, Vec<String>)>> {
    match o.remove("completions") {
        None => Ok(Vec::new()),
        Some(Value::Object(c)) => c
            .iter()
            .map(|(arg, values)| {
                if !allowed.contains(arg) {
                    return Err(format!("{file}: completions for unknown argument {arg:?}"));
                }
                match values {
                    Value::Array(list) => Ok((arg.clone(), strings(list, &format!("{file}: completions.{arg}"))?)),
                    _ => Err(format!("{file}: completions.{arg} must be an array of strings")),
                }
            })
            .collect(),
        Some(_) => Err(format!("{file}: \"completions\" must be an object")),
    }
}
