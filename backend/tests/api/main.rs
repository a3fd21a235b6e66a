//! The server over HTTP, one module per concern, all in one test binary: thirty
//! binaries each linking the whole server took longer to build than their tests take
//! to run. Run one concern with `cargo test -p summit-backend --test api merging::`.

#[path = "../common/mod.rs"]
mod common;

mod anonymity;
mod anonymity_modes;
mod api_summit;
mod assets;
mod bounds;
mod calendar_feed;
mod carryover;
mod crash;
mod deletion;
mod discussion;
mod embed_origins;
mod export_language;
mod follow_up;
mod forwarded;
mod group_commit;
mod jira_export;
mod merging;
mod multi_server;
mod openapi;
mod presence;
mod proposals;
mod proxy;
mod qr;
mod race;
mod room_counts;
mod screen;
mod security;
mod shutdown;
mod upgrade;
