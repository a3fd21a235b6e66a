//! Capabilities without accounts.
//!
//! A facilitator and every participant hold a random bearer token (256 bits) scoped
//! to one session; the server keeps only its SHA-256 hash. Links that cannot carry an
//! `Authorization` header (the live stream, download links) use a short-lived ticket
//! signed with HMAC, so no long-lived token ever appears in a URL.
//!
//! The projector holds a third kind: a screen key, the HMAC of the session id. It
//! reads what the facilitator reads (no tally before the reveal, no author of an
//! anonymous card) and may do nothing, so its link can hang on a wall. Derived, not
//! stored: every server of a deployment shares the secret, and nothing needs saving.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::convert::Infallible;
use summit_shared::{LinkKind, ParticipantId, SessionId, Viewer};

/// How long a ticket stays valid: long enough to open a stream or a download,
/// short enough that a leaked URL is useless soon after.
pub const TICKET_TTL_SECONDS: i64 = 120;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes
}

/// A new secret token (URL-safe, 43 characters).
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// A new session id: 128 random bits, 22 URL-safe characters.
pub fn new_session_id() -> SessionId {
    SessionId(URL_SAFE_NO_PAD.encode(random_bytes::<16>()))
}

/// A new join code from the unambiguous alphabet.
pub fn new_join_code() -> String {
    use rand::Rng;
    let alphabet = summit_shared::limits::JOIN_CODE_ALPHABET;
    let mut rng = rand::thread_rng();
    (0..summit_shared::limits::JOIN_CODE_LEN)
        .map(|_| char::from(alphabet[rng.gen_range(0..alphabet.len())]))
        .collect()
}

/// A token's SHA-256, as stored (hex).
pub fn hash_token(token: &str) -> String {
    TokenHash::of(token).to_hex()
}

/// A token's SHA-256: what the server keeps instead of the token. In memory it is
/// the 32 bytes themselves: every authenticated request looks one up, and bytes
/// need no hex encoding, no allocation and no pointer to chase in the map.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash([u8; 32]);

impl TokenHash {
    pub fn of(token: &str) -> TokenHash {
        TokenHash(Sha256::digest(token.as_bytes()).into())
    }

    /// Reads a stored (hex) hash.
    pub fn from_hex(stored: &str) -> Option<TokenHash> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(stored, &mut bytes).ok()?;
        Some(TokenHash(bytes))
    }

    pub fn to_hex(self) -> String {
        hex::encode(self.0)
    }

    /// Compares in constant time: how long a comparison takes must not tell an
    /// attacker how much of a guessed token's hash is right.
    pub fn matches(&self, other: &TokenHash) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
    }
}

/// Extracts the token from `Authorization: Bearer <token>`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    token_of(headers.get(header::AUTHORIZATION)?)
}

fn token_of(authorization: &HeaderValue) -> Option<&str> {
    authorization
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A request's `Authorization` header, as an extractor. Why not take the `HeaderMap`:
/// that extractor clones every header of the request to read this one.
pub struct Bearer(Option<HeaderValue>);

impl Bearer {
    /// The bearer token, if the request carries one.
    pub fn token(&self) -> Option<&str> {
        self.0.as_ref().and_then(token_of)
    }
}

/// Documented as the operation's security requirement (`crate::openapi::Auth`).
impl aide::OperationInput for Bearer {}

impl<S: Sync> FromRequestParts<S> for Bearer {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Bearer, Infallible> {
        Ok(Bearer(parts.headers.get(header::AUTHORIZATION).cloned()))
    }
}

/// A viewer as a ticket names it; a lead with the follow-up link's generation, so
/// that renewing or revoking the link also ends the lead's tickets.
fn viewer_tag(viewer: Viewer, lead_generation: Option<u32>) -> String {
    match viewer {
        Viewer::Facilitator => "f".to_owned(),
        Viewer::Participant(p) => format!("p{}", p.0),
        Viewer::Screen => "s".to_owned(),
        Viewer::Lead => format!("l{}", lead_generation.unwrap_or(0)),
    }
}

/// A session's screen key (URL-safe, 43 characters).
pub fn screen_key(secret: &[u8], session: &SessionId) -> Option<String> {
    let sig = mac(secret, &format!("screen.{session}"))?
        .finalize()
        .into_bytes();
    Some(URL_SAFE_NO_PAD.encode(sig))
}

/// The key of a session's link beyond the room, in its `generation` (URL-safe, 43
/// characters). Derived like the screen key, so every server of a deployment knows
/// it without storing it; the log says which generation works, if any.
pub fn link_key(
    secret: &[u8],
    session: &SessionId,
    link: LinkKind,
    generation: u32,
) -> Option<String> {
    let sig = mac(secret, &format!("{link}.{generation}.{session}"))?
        .finalize()
        .into_bytes();
    Some(URL_SAFE_NO_PAD.encode(sig))
}

/// Whether `token` is the key of `link` in its live `generation` (compared in
/// constant time); never while the link is revoked.
pub fn is_link_key(
    secret: &[u8],
    session: &SessionId,
    link: LinkKind,
    generation: Option<u32>,
    token: &str,
) -> bool {
    let (Some(generation), Ok(sig)) = (generation, URL_SAFE_NO_PAD.decode(token)) else {
        return false;
    };
    mac(secret, &format!("{link}.{generation}.{session}"))
        .is_some_and(|m| m.verify_slice(&sig).is_ok())
}

/// Whether `token` is this session's screen key (compared in constant time).
pub fn is_screen_key(secret: &[u8], session: &SessionId, token: &str) -> bool {
    let Ok(sig) = URL_SAFE_NO_PAD.decode(token) else {
        return false;
    };
    mac(secret, &format!("screen.{session}")).is_some_and(|m| m.verify_slice(&sig).is_ok())
}

fn mac(secret: &[u8], payload: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(payload.as_bytes());
    Some(mac)
}

/// `<expiry>.<viewer>.<signature>`; the session id is signed but not included.
/// `lead_generation`: the follow-up link's live generation (see [`link_key`]).
pub fn issue_ticket(
    secret: &[u8],
    session: &SessionId,
    viewer: Viewer,
    lead_generation: Option<u32>,
    now_ms: i64,
) -> Option<String> {
    let expires = now_ms / 1000 + TICKET_TTL_SECONDS;
    let head = format!("{expires}.{}", viewer_tag(viewer, lead_generation));
    let sig = mac(secret, &format!("{session}.{head}"))?
        .finalize()
        .into_bytes();
    Some(format!("{head}.{}", URL_SAFE_NO_PAD.encode(sig)))
}

/// The viewer a ticket stands for, if it is genuine, unexpired and for this session
/// (a lead's only while the follow-up link is in the generation it was issued in).
pub fn check_ticket(
    secret: &[u8],
    session: &SessionId,
    ticket: &str,
    lead_generation: Option<u32>,
    now_ms: i64,
) -> Option<Viewer> {
    let mut parts = ticket.splitn(3, '.');
    let expires: i64 = parts.next()?.parse().ok()?;
    let tag = parts.next()?;
    let sig = URL_SAFE_NO_PAD.decode(parts.next()?).ok()?;
    mac(secret, &format!("{session}.{expires}.{tag}"))?
        .verify_slice(&sig)
        .ok()?;
    if expires < now_ms / 1000 {
        return None;
    }
    match tag {
        "f" => Some(Viewer::Facilitator),
        "s" => Some(Viewer::Screen),
        _ if tag.starts_with('l') => {
            let issued: u32 = tag[1..].parse().ok()?;
            (Some(issued) == lead_generation).then_some(Viewer::Lead)
        }
        _ => tag
            .strip_prefix('p')?
            .parse()
            .ok()
            .map(|id| Viewer::Participant(ParticipantId(id))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_hashes_round_trip_through_storage_and_compare_exactly() {
        let token = new_token();
        let hash = TokenHash::of(&token);
        assert_eq!(hash_token(&token), hash.to_hex());
        assert_eq!(hash_token(&token).len(), 64);
        let stored = TokenHash::from_hex(&hash.to_hex()).unwrap();
        assert!(stored.matches(&hash));
        assert!(!stored.matches(&TokenHash::of(&new_token())));
        assert!(TokenHash::from_hex("not hex").is_none());
        assert!(TokenHash::from_hex(&hash.to_hex()[..62]).is_none());
    }

    #[test]
    fn tickets_are_bound_to_session_and_time() {
        let secret = b"secret";
        let s = SessionId("a".repeat(22));
        let other = SessionId("b".repeat(22));
        let v = Viewer::Participant(ParticipantId(7));
        let t = issue_ticket(secret, &s, v, None, 1_000_000).unwrap();
        assert_eq!(check_ticket(secret, &s, &t, None, 1_000_000), Some(v));
        assert_eq!(check_ticket(secret, &other, &t, None, 1_000_000), None);
        assert_eq!(check_ticket(b"other", &s, &t, None, 1_000_000), None);
        assert_eq!(
            check_ticket(secret, &s, &t, None, 1_000_000 + 121_000),
            None
        );
        let forged = t.replacen(".p7.", ".f.", 1);
        assert_eq!(check_ticket(secret, &s, &forged, None, 1_000_000), None);
    }

    #[test]
    fn a_leads_ticket_ends_with_the_links_generation() {
        let secret = b"secret";
        let s = SessionId("a".repeat(22));
        let t = issue_ticket(secret, &s, Viewer::Lead, Some(3), 0).unwrap();
        assert_eq!(check_ticket(secret, &s, &t, Some(3), 0), Some(Viewer::Lead));
        // Renewed (a new generation) or revoked (none): the ticket is refused.
        assert_eq!(check_ticket(secret, &s, &t, Some(4), 0), None);
        assert_eq!(check_ticket(secret, &s, &t, None, 0), None);
        let forged = t.replacen(".l3.", ".l4.", 1);
        assert_eq!(check_ticket(secret, &s, &forged, Some(4), 0), None);
    }

    #[test]
    fn screen_keys_are_bound_to_session_and_secret() {
        let s = SessionId("a".repeat(22));
        let other = SessionId("b".repeat(22));
        let key = screen_key(b"secret", &s).unwrap();
        assert_eq!(key.len(), 43);
        assert!(is_screen_key(b"secret", &s, &key));
        assert!(!is_screen_key(b"secret", &other, &key));
        assert!(!is_screen_key(b"other", &s, &key));
        assert!(!is_screen_key(b"secret", &s, &key[..42]));
        assert!(!is_screen_key(b"secret", &s, "not base64!"));
        let ticket = issue_ticket(b"secret", &s, Viewer::Screen, None, 0).unwrap();
        assert_eq!(
            check_ticket(b"secret", &s, &ticket, None, 0),
            Some(Viewer::Screen)
        );
    }

    #[test]
    fn join_codes_use_the_alphabet() {
        let code = new_join_code();
        assert!(summit_shared::limits::normalize_join_code(&code).is_some());
    }
}
