//! A catalogue of hostile inputs against every endpoint of a real server.
//!
//! Refused inputs (malformed and deeply nested JSON, wrong content types, a 10 MB body,
//! text one past each limit, negative, huge and fractional numbers, unknown and
//! other-session ids, wrong credentials, invalid `Last-Event-ID`, …) must each get the
//! expected 4xx with the typed body `{"error":{"code","message"}}`, and leave every
//! session exactly as it was: same log position, same state, no new database rows.
//!
//! Valid but hostile text (markup, SQL, spreadsheet formulas, bidi overrides,
//! decomposed look-alikes, text exactly at a limit in 4-byte characters) is accepted by
//! design: it is stored as text, as [`summit_shared::limits::clean`] documents (trimmed,
//! control and disguising invisible characters removed), and rendered as text; the CSV
//! export neutralizes formulas.
//!
//! No request in any of these tests may be answered with a 5xx.
//!
//! One test per endpoint group or phase (`cargo test -p summit-backend --test hostile
//! votes`), each against its own server, its main session brought to its stage by
//! `fixture`; within a test every case runs and each failing one is named.

#[path = "../common/mod.rs"]
mod common;

mod catalogue;
mod closed;
mod commands;
mod controls;
mod credentials;
mod fixture;
mod flood;
mod gaps;
mod harness;
mod ideas;
mod joins;
mod pick;
mod plan;
mod problems;
mod sessions;
mod votes;
