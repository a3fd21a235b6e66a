//! Tokens kept in the browser's localStorage, so a reload or a closed tab brings a
//! person back as the same participant or facilitator.
//!
//! Storage can be missing or refuse writes (private mode, quota): every function
//! degrades to "nothing stored" instead of failing.

use summit_shared::SessionId;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn facilitator_key(id: &SessionId) -> String {
    format!("summit.facilitator.{id}")
}

fn participant_key(id: &SessionId) -> String {
    format!("summit.participant.{id}")
}

fn get(key: &str) -> Option<String> {
    local()?
        .get_item(key)
        .ok()
        .flatten()
        .filter(|v| !v.is_empty())
}

/// Returns false when the browser refused to store it.
fn set(key: &str, value: &str) -> bool {
    local().is_some_and(|s| s.set_item(key, value).is_ok())
}

fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}

pub fn facilitator_token(id: &SessionId) -> Option<String> {
    get(&facilitator_key(id))
}

pub fn set_facilitator_token(id: &SessionId, token: &str) -> bool {
    set(&facilitator_key(id), token)
}

pub fn forget_facilitator_token(id: &SessionId) {
    remove(&facilitator_key(id))
}

pub fn participant_token(id: &SessionId) -> Option<String> {
    get(&participant_key(id))
}

pub fn set_participant_token(id: &SessionId, token: &str) -> bool {
    set(&participant_key(id), token)
}

pub fn forget_participant_token(id: &SessionId) {
    remove(&participant_key(id))
}

const LANGUAGE_KEY: &str = "summit.language";

/// The language chosen on this device (a locale tag such as `de`), if any.
pub fn language() -> Option<String> {
    get(LANGUAGE_KEY)
}

pub fn set_language(tag: &str) {
    set(LANGUAGE_KEY, tag);
}

const SOUND_KEY: &str = "summit.sound";

/// Whether this device plays a sound when the timer runs out (on unless muted).
pub fn sound_on() -> bool {
    get(SOUND_KEY).as_deref() != Some("off")
}

pub fn set_sound_on(on: bool) {
    set(SOUND_KEY, if on { "on" } else { "off" });
}
