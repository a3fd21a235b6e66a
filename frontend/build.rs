//! Generates the `i18n` module from the catalogues in `locales/<locale>/<namespace>.json`
//! (keys and interpolations become types: a key the code uses but the catalogue lacks
//! does not compile) and refuses to build when a language misses a key of English or
//! has one English does not, so no screen falls back to English text, or when the
//! German catalogue says "du" where every other entry says "Sie".
//!
//! It calls leptos_i18n's parser and code generator itself rather than through
//! `leptos_i18n_build`, whose other half (ICU data for formatting numbers and dates,
//! which the app does not use) made the front end's build depend on ICU's data
//! sources, compiled for the build machine in every build.

use leptos_i18n_codegen::gen_code;
use leptos_i18n_parser::parse_locales::options::{Config, ParseOptions};
use leptos_i18n_parser::parse_locales::parse_locales;
use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

const DEFAULT: &str = "en";
const OTHERS: [&str; 3] = ["de", "fr", "es"];
/// The counts each language says in the singular (CLDR's "one" for whole numbers);
/// every other count takes the entry's second text.
const SINGULAR: [(&str, &str); 4] = [("en", "1"), ("de", "1"), ("fr", "0..=1"), ("es", "1")];
const NAMESPACES: [&str; 10] = [
    "common", "errors", "home", "join", "board", "plan", "console", "screen", "followup", "review",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    // The linked wasm keeps its relocations: scripts/split-wasm.mjs needs them to cut
    // the parts fetched later (src/split.rs) out of it.
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg=--emit-relocs");
    }
    let locales = Path::new("locales");
    let mut missing = Vec::new();
    for namespace in NAMESPACES {
        let english = keys(&locales.join(DEFAULT).join(format!("{namespace}.json")))?;
        for locale in OTHERS {
            let theirs = keys(&locales.join(locale).join(format!("{namespace}.json")))?;
            for key in english.difference(&theirs) {
                missing.push(format!("{locale}/{namespace}.json lacks \"{key}\""));
            }
            for key in theirs.difference(&english) {
                missing.push(format!(
                    "{locale}/{namespace}.json has \"{key}\", English has not"
                ));
            }
        }
    }
    for (locale, singular) in SINGULAR {
        for namespace in NAMESPACES {
            let path = locales.join(locale).join(format!("{namespace}.json"));
            missing.extend(wrong_counts(&path, singular)?);
        }
    }
    for namespace in NAMESPACES {
        missing.extend(german_style(
            &locales.join("de").join(format!("{namespace}.json")),
        )?);
    }
    if !missing.is_empty() {
        return Err(format!(
            "catalogues incomplete or miscounted:\n  {}",
            missing.join("\n  ")
        )
        .into());
    }

    let cfg = Config::new(DEFAULT)?
        .add_locales(OTHERS)?
        .add_namespaces(NAMESPACES)?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let parsed = parse_locales(None, cfg)?;
    for file in parsed.tracked_files.iter().flatten() {
        println!("cargo::rerun-if-changed={file}");
    }
    for warning in parsed.diag.warnings().iter() {
        println!("cargo::warning={warning}");
    }
    for error in parsed.diag.errors().iter() {
        println!("cargo::error={error}");
    }
    let module = gen_code(&parsed, None, false, None, true)?;
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("mod.rs"), module.to_string())?;
    Ok(())
}

/// The keys of one catalogue. A counted entry (`"votes": ["u32", ["{{ count }} vote",
/// "1"], ["{{ count }} votes", "_"]]`) is the key with a `#` after it, so a language
/// that says it without a count (or counts what English does not) is refused too.
fn keys(path: &Path) -> Result<BTreeSet<String>, Box<dyn Error>> {
    println!("cargo::rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let object = json
        .as_object()
        .ok_or_else(|| format!("{}: not a JSON object", path.display()))?;
    Ok(object
        .iter()
        .map(|(key, value)| match value {
            serde_json::Value::Array(_) => format!("{key}#"),
            _ => key.clone(),
        })
        .collect())
}

/// The counted entries of a catalogue not shaped `["u32", [singular text, singular],
/// [plural text, "_"]]` for its language.
fn wrong_counts(path: &Path, singular: &str) -> Result<Vec<String>, Box<dyn Error>> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let expected = |value: &serde_json::Value| {
        let range =
            |entry: &serde_json::Value| entry.get(1).and_then(|r| r.as_str()).map(str::to_owned);
        match value.as_array().map(Vec::as_slice) {
            Some([kind, one, other]) => {
                kind == "u32"
                    && range(one).as_deref() == Some(singular)
                    && range(other).as_deref() == Some("_")
            }
            _ => false,
        }
    };
    Ok(json
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, value)| value.is_array() && !expected(value))
        .map(|(key, _)| {
            format!(
                "{}: \"{key}\" must be [\"u32\", [text, \"{singular}\"], [text, \"_\"]]",
                path.display()
            )
        })
        .collect())
}

/// The German entries that address the reader as "du" (Summit says "Sie" to everyone)
/// or call a summit "Gipfel" (it is "Summit" on every other screen).
fn german_style(path: &Path) -> Result<Vec<String>, Box<dyn Error>> {
    const INFORMAL: [&str; 9] = [
        "du", "dich", "dir", "dein", "deine", "deinem", "deinen", "deiner", "deines",
    ];
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    fn texts<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::String(s) => out.push(s),
            serde_json::Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
            _ => {}
        }
    }
    Ok(json
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(key, value)| {
            let mut found = Vec::new();
            texts(value, &mut found);
            let words = || {
                found
                    .iter()
                    .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
                    .map(str::to_lowercase)
            };
            if words().any(|word| INFORMAL.contains(&word.as_str())) {
                Some(format!(
                    "{}: \"{key}\" says \"du\"; say \"Sie\"",
                    path.display()
                ))
            } else if words().any(|word| word.starts_with("gipfel")) {
                Some(format!(
                    "{}: \"{key}\" says \"Gipfel\"; say \"Summit\"",
                    path.display()
                ))
            } else {
                None
            }
        })
        .collect())
}
