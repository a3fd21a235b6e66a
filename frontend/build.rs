//! Generates the `i18n` module from the catalogues in `locales/<locale>/<namespace>.json`
//! (keys and interpolations become types: a key the code uses but the catalogue lacks
//! does not compile) and refuses to build when a language misses a key of English or
//! has one English does not, so no screen falls back to English text.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::collections::BTreeSet;
use std::error::Error;
use std::path::{Path, PathBuf};

const DEFAULT: &str = "en";
const OTHERS: [&str; 3] = ["de", "fr", "es"];
const NAMESPACES: [&str; 7] = [
    "common", "errors", "home", "join", "board", "plan", "console",
];
/// Suffixes of a plural form: languages may use different ones for the same key.
const PLURAL_FORMS: [&str; 6] = ["_zero", "_one", "_two", "_few", "_many", "_other"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
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
    if !missing.is_empty() {
        return Err(format!("incomplete catalogues:\n  {}", missing.join("\n  ")).into());
    }

    let cfg = Config::new(DEFAULT)?
        .add_locales(OTHERS)?
        .add_namespaces(NAMESPACES)?
        .parse_options(ParseOptions::default().interpolate_display(true));
    let infos = TranslationsInfos::parse(cfg)?;
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    infos.generate_i18n_module(out.join("i18n"))?;
    Ok(())
}

/// The keys of one catalogue, each plural family counted once (`votes_one` and
/// `votes_other` are the key `votes`).
fn keys(path: &Path) -> Result<BTreeSet<String>, Box<dyn Error>> {
    println!("cargo::rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let object = json
        .as_object()
        .ok_or_else(|| format!("{}: not a JSON object", path.display()))?;
    Ok(object
        .keys()
        .map(|key| {
            PLURAL_FORMS
                .iter()
                .find_map(|form| key.strip_suffix(form))
                .unwrap_or(key)
                .to_owned()
        })
        .collect())
}
