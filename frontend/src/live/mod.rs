//! Live sync: one session's state in this browser, kept current from the server.
//!
//! The protocol, in order:
//! 1. load a [`Snapshot`](summit_shared::api::Snapshot) → state and log position `seq`;
//! 2. get a short-lived ticket and open an `EventSource` at `events?after=seq`;
//! 3. each [`SeqEvent`] goes through [`Sequence`] (in log order, exactly once), and
//!    what it releases is [`SessionState::apply`]'d; a hole in the stream reloads the
//!    snapshot and reconnects;
//! 4. on a stream error (or the server's `bye`): close, show "Reconnecting…", wait
//!    (1 s, backing off to 5 s), get a fresh ticket and reconnect after `current`.
//!
//! Events returned by our own commands go through the same path, so the UI updates
//! at once and the stream's copies are dropped as duplicates.
//!
//! The session page provides its [`Live`] as context; components take it with
//! [`use_live`] and ask the shared rules through it ([`Live::accepts`]) before they
//! show a control.

mod sequence;

use crate::api::{self, ApiError};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sequence::Sequence;
use std::cell::RefCell;
use std::rc::Rc;
use summit_shared::api::{SSE_BYE, SSE_COUNTS, SSE_EVENT};
use summit_shared::{
    Actor, Command, DomainError, Participant, ParticipantId, Phase, RoomCounts, SeqEvent,
    SessionId, SessionState, Viewer,
};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// What the connection indicator shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnStatus {
    Connecting,
    Live,
    Reconnecting,
}

impl ConnStatus {
    /// What the indicator says, in the reader's language.
    pub fn label(self, i18n: crate::lang::I18n) -> &'static str {
        use crate::i18n::t_string;
        match self {
            ConnStatus::Connecting => t_string!(i18n, common.conn_connecting),
            ConnStatus::Live => t_string!(i18n, common.conn_live),
            ConnStatus::Reconnecting => t_string!(i18n, common.conn_reconnecting),
        }
    }
}

const BACKOFF_START_MS: u32 = 1_000;
const BACKOFF_MAX_MS: u32 = 5_000;
/// How long stream events are gathered before they are applied together.
const INBOX_MS: u64 = 60;
/// How long command events may wait for the stream to fill the hole before them.
const PENDING_GRACE_MS: u32 = 3_000;

type MessageHandler = Closure<dyn FnMut(MessageEvent)>;
type PlainHandler = Closure<dyn FnMut(web_sys::Event)>;

/// The non-reactive connection bookkeeping (browser objects are not `Send`, so they
/// live here rather than in signals).
struct Conn {
    /// Which events the state holds, and which wait for earlier ones.
    sequence: Sequence,
    source: Option<EventSource>,
    /// Kept alive while their source may call them; replaced only outside callbacks.
    handlers: Vec<MessageHandler>,
    /// The room's counts last sent (see [`summit_shared::RoomCounts`]), applied with
    /// the next flush of the inbox.
    counts: Option<RoomCounts>,
    plain_handlers: Vec<PlainHandler>,
    /// Bumped whenever a source is closed, so late callbacks of old sources are ignored.
    generation: u64,
    backoff_ms: u32,
    /// The page went away: never reconnect again.
    stopped: bool,
    /// A snapshot reload is in flight.
    loading: bool,
    reconnect_scheduled: bool,
    /// Stream events not applied yet (see [`Live::on_message`]).
    inbox: Vec<SeqEvent>,
    flush_scheduled: bool,
}

impl Conn {
    fn close_source(&mut self) {
        self.generation += 1;
        if let Some(source) = self.source.take() {
            source.close();
        }
    }
}

/// One session's live state. `Copy`, so components can capture it freely.
#[derive(Clone, Copy)]
pub struct Live {
    pub id: StoredValue<SessionId>,
    token: StoredValue<String>,
    pub state: RwSignal<SessionState>,
    /// False until the first snapshot arrived.
    pub loaded: RwSignal<bool>,
    pub viewer: RwSignal<Option<Viewer>>,
    pub join_code: RwSignal<String>,
    pub status: RwSignal<ConnStatus>,
    /// Why the session could not be loaded (shown instead of the page).
    pub load_error: RwSignal<Option<ApiError>>,
    /// The last refused action, for the error banner.
    pub error: RwSignal<Option<ApiError>>,
    /// Server clock minus local clock, in ms (timers count down in server time).
    pub clock_offset: RwSignal<i64>,
    /// Commands made while the network was gone, waiting to be sent.
    pub waiting: RwSignal<u32>,
    conn: StoredValue<Rc<RefCell<Conn>>, LocalStorage>,
}

/// The error of a command whose page has gone.
fn gone() -> ApiError {
    ApiError {
        status: None,
        code: None,
        message: "This page is no longer active.".to_owned(),
    }
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

impl Live {
    /// Starts loading and following a session; stops when the current owner (page) is dropped.
    pub fn start(id: SessionId, token: String) -> Live {
        let live = Live {
            id: StoredValue::new(id),
            token: StoredValue::new(token),
            state: RwSignal::new(SessionState::default()),
            loaded: RwSignal::new(false),
            viewer: RwSignal::new(None),
            join_code: RwSignal::new(String::new()),
            status: RwSignal::new(ConnStatus::Connecting),
            load_error: RwSignal::new(None),
            error: RwSignal::new(None),
            clock_offset: RwSignal::new(0),
            waiting: RwSignal::new(0),
            conn: StoredValue::new_local(Rc::new(RefCell::new(Conn {
                sequence: Sequence::default(),
                source: None,
                handlers: Vec::new(),
                counts: None,
                plain_handlers: Vec::new(),
                generation: 0,
                backoff_ms: BACKOFF_START_MS,
                stopped: false,
                loading: false,
                reconnect_scheduled: false,
                inbox: Vec::new(),
                flush_scheduled: false,
            }))),
        };
        on_cleanup(move || live.stop());
        live.resync();
        live
    }

    fn conn(self) -> Option<Rc<RefCell<Conn>>> {
        self.conn.try_get_value()
    }

    fn session_id(self) -> Option<SessionId> {
        self.id.try_get_value()
    }

    fn secret(self) -> Option<String> {
        self.token.try_get_value()
    }

    /// Closes the stream for good (the page is gone).
    pub fn stop(self) {
        if let Some(conn) = self.conn() {
            let mut c = conn.borrow_mut();
            c.stopped = true;
            c.close_source();
        }
    }

    /// The facilitator's or participant's token this page runs with.
    pub fn token(self) -> String {
        self.secret().unwrap_or_default()
    }

    /// Tries the first load again (after an error the person saw).
    pub fn retry(self) {
        self.load_error.set(None);
        if let Some(conn) = self.conn() {
            conn.borrow_mut().backoff_ms = BACKOFF_START_MS;
        }
        self.resync();
    }

    /// Reloads the snapshot, then (re)opens the stream after it.
    fn resync(self) {
        let Some(conn) = self.conn() else { return };
        {
            let mut c = conn.borrow_mut();
            if c.stopped || c.loading {
                return;
            }
            c.loading = true;
            c.close_source();
        }
        if self.loaded.get_untracked() {
            self.status.set(ConnStatus::Reconnecting);
        }
        spawn_local(async move {
            let result = self.load(&conn).await;
            conn.borrow_mut().loading = false;
            if conn.borrow().stopped {
                return;
            }
            match result {
                Ok(()) => self.connect(conn),
                Err(err) => {
                    let transient = err.is_transient();
                    if !self.loaded.get_untracked() {
                        self.load_error.set(Some(err));
                    } else if !transient {
                        // The page stays usable read-only; say why it stopped updating.
                        self.error.set(Some(err));
                    }
                    if transient {
                        self.schedule(conn, true);
                    } else {
                        self.status.set(ConnStatus::Reconnecting);
                    }
                }
            }
        });
    }

    async fn load(self, conn: &Rc<RefCell<Conn>>) -> Result<(), ApiError> {
        let (Some(id), Some(token)) = (self.session_id(), self.secret()) else {
            return Ok(());
        };
        let snapshot = api::snapshot(&id, &token).await?;
        if conn.borrow().stopped {
            // The page is gone, and its signals with it.
            return Ok(());
        }
        let mut state = snapshot.state;
        // The stream's counts are not in a snapshot; they stay until it sends others.
        state.counted = self.state.with_untracked(|s| s.counted.clone());
        {
            let mut c = conn.borrow_mut();
            if c.stopped {
                return Ok(());
            }
            // Command events newer than the snapshot still belong after it.
            for event in c.sequence.restart_at(snapshot.seq) {
                state.apply(&event);
            }
        }
        // Only notify what changed: a reload after a reconnect must not rebuild the
        // page (and wipe what someone is typing).
        self.clock_offset.set(snapshot.server_time - now_ms());
        if self.viewer.get_untracked() != Some(snapshot.viewer) {
            self.viewer.set(Some(snapshot.viewer));
        }
        if self.join_code.get_untracked() != snapshot.join_code {
            self.join_code.set(snapshot.join_code);
        }
        if self.state.with_untracked(|s| *s != state) {
            self.state.set(state);
        }
        if !self.loaded.get_untracked() {
            self.loaded.set(true);
        }
        if self.load_error.with_untracked(|e| e.is_some()) {
            self.load_error.set(None);
        }
        Ok(())
    }

    /// Gets a ticket and opens the stream after the current position.
    fn connect(self, conn: Rc<RefCell<Conn>>) {
        spawn_local(async move {
            let (Some(id), Some(token)) = (self.session_id(), self.secret()) else {
                return;
            };
            if conn.borrow().stopped {
                return;
            }
            let ticket = match api::ticket(&id, &token).await {
                Ok(t) => t,
                Err(_) => {
                    self.schedule(conn, false);
                    return;
                }
            };
            let mut c = conn.borrow_mut();
            if c.stopped || c.loading {
                return;
            }
            c.close_source();
            let generation = c.generation;
            let url = api::events_url(&id, &ticket.ticket, c.sequence.seq());
            let Ok(source) = EventSource::new(&url) else {
                drop(c);
                self.schedule(conn, false);
                return;
            };
            let on_message: MessageHandler =
                Closure::new(move |ev: MessageEvent| self.on_message(generation, ev));
            let on_counts: MessageHandler =
                Closure::new(move |ev: MessageEvent| self.on_counts(generation, ev));
            let on_bye: MessageHandler =
                Closure::new(move |_: MessageEvent| self.on_stream_error(generation));
            let on_open: PlainHandler =
                Closure::new(move |_: web_sys::Event| self.on_open(generation));
            let on_error: PlainHandler =
                Closure::new(move |_: web_sys::Event| self.on_stream_error(generation));
            let _ = source
                .add_event_listener_with_callback(SSE_EVENT, on_message.as_ref().unchecked_ref());
            let _ = source
                .add_event_listener_with_callback(SSE_COUNTS, on_counts.as_ref().unchecked_ref());
            let _ =
                source.add_event_listener_with_callback(SSE_BYE, on_bye.as_ref().unchecked_ref());
            source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
            source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            // Safe to drop the previous handlers here: this runs in a task, never
            // inside one of them, and their source is already closed.
            c.handlers = vec![on_message, on_counts, on_bye];
            c.plain_handlers = vec![on_open, on_error];
            c.source = Some(source);
        });
    }

    /// Waits (backing off) and then reconnects, or reloads when `reload`.
    fn schedule(self, conn: Rc<RefCell<Conn>>, reload: bool) {
        let delay = {
            let mut c = conn.borrow_mut();
            if c.stopped || c.reconnect_scheduled {
                return;
            }
            c.reconnect_scheduled = true;
            let delay = c.backoff_ms;
            c.backoff_ms = (delay * 2).min(BACKOFF_MAX_MS);
            delay
        };
        if self.loaded.get_untracked() {
            self.status.set(ConnStatus::Reconnecting);
        }
        spawn_local(async move {
            TimeoutFuture::new(delay).await;
            conn.borrow_mut().reconnect_scheduled = false;
            if conn.borrow().stopped {
                return;
            }
            if reload {
                self.resync();
            } else {
                self.connect(conn);
            }
        });
    }

    fn is_current(self, generation: u64) -> Option<Rc<RefCell<Conn>>> {
        let conn = self.conn()?;
        let current = {
            let c = conn.borrow();
            !c.stopped && c.generation == generation
        };
        current.then_some(conn)
    }

    fn on_open(self, generation: u64) {
        if let Some(conn) = self.is_current(generation) {
            conn.borrow_mut().backoff_ms = BACKOFF_START_MS;
            self.status.set(ConnStatus::Live);
        }
    }

    fn on_stream_error(self, generation: u64) {
        let Some(conn) = self.is_current(generation) else {
            return;
        };
        // The browser would retry on its own with the same (soon expired) ticket;
        // we close and come back with a fresh ticket and our own position instead.
        conn.borrow_mut().close_source();
        self.status.set(ConnStatus::Reconnecting);
        self.schedule(conn, false);
    }

    fn on_message(self, generation: u64, ev: MessageEvent) {
        if self.is_current(generation).is_none() {
            return;
        }
        let Some(data) = ev.data().as_string() else {
            return;
        };
        let event = match serde_json::from_str::<SeqEvent>(&data) {
            Ok(event) => event,
            // An event this build cannot read: the snapshot is the safe way forward.
            Err(_) => return self.resync(),
        };
        // Events are applied together, a few times a second at most: in a room of
        // 300 every update of the state re-asks each card on the page, and 1,500
        // votes one by one kept a console busy for half a minute.
        let Some(conn) = self.conn() else { return };
        let mut c = conn.borrow_mut();
        c.inbox.push(event);
        self.schedule_flush(&mut c);
    }

    /// The room's counts, for a facilitator or projector of an anonymous session.
    fn on_counts(self, generation: u64, ev: MessageEvent) {
        let Some(conn) = self.is_current(generation) else {
            return;
        };
        let Some(counts) = ev
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<RoomCounts>(&data).ok())
        else {
            return;
        };
        let mut c = conn.borrow_mut();
        c.counts = Some(counts);
        self.schedule_flush(&mut c);
    }

    fn schedule_flush(self, c: &mut Conn) {
        if !c.flush_scheduled {
            c.flush_scheduled = true;
            set_timeout(
                move || self.flush_inbox(),
                std::time::Duration::from_millis(INBOX_MS),
            );
        }
    }

    /// Applies the stream events gathered since the last flush, in one update.
    fn flush_inbox(self) {
        let Some(conn) = self.conn() else { return };
        let (events, counts) = {
            let mut c = conn.borrow_mut();
            c.flush_scheduled = false;
            (std::mem::take(&mut c.inbox), c.counts.take())
        };
        if !events.is_empty() {
            self.ingest(events, true);
        }
        if let Some(counts) = counts {
            if self
                .state
                .with_untracked(|s| s.counted.as_ref() != Some(&counts))
            {
                self.state.update(|s| s.counted = Some(counts));
            }
        }
    }

    /// Applies events in log order exactly once (see [`Sequence`]).
    fn ingest(self, events: Vec<SeqEvent>, from_stream: bool) {
        let Some(conn) = self.conn() else { return };
        let ingested = {
            let mut c = conn.borrow_mut();
            if c.stopped {
                return;
            }
            if c.loading {
                // A snapshot is on its way; keep what may be newer than it.
                c.sequence.hold(events);
                return;
            }
            c.sequence.ingest(events, from_stream)
        };
        if !ingested.ready.is_empty() {
            self.state.update(|s| {
                for event in &ingested.ready {
                    s.apply(event);
                }
            });
        }
        if ingested.gap {
            self.resync();
        } else if ingested.waiting {
            set_timeout(
                move || self.check_pending(),
                std::time::Duration::from_millis(u64::from(PENDING_GRACE_MS)),
            );
        }
    }

    /// The stream did not fill the hole before held events in time: reload.
    fn check_pending(self) {
        let Some(conn) = self.conn() else { return };
        let stuck = {
            let c = conn.borrow();
            !c.stopped && c.sequence.is_waiting()
        };
        if stuck {
            self.resync();
        }
    }

    /// Sends a command (one idempotency key, retried on network trouble) and applies
    /// the events it caused. A refusal is shown in the error banner and returned.
    pub async fn run(self, command: Command) -> Result<(), ApiError> {
        let result = self.attempt(command).await;
        if let Err(err) = &result {
            self.error.set(Some(err.clone()));
        }
        result
    }

    /// [`Live::run`] for a control that shows a refusal next to itself (a vote's
    /// "+"): the page's banner, far from where the person tapped, stays as it is.
    pub async fn run_here(self, command: Command) -> Result<(), ApiError> {
        self.attempt(command).await
    }

    async fn attempt(self, command: Command) -> Result<(), ApiError> {
        let (Some(id), Some(token)) = (self.session_id(), self.secret()) else {
            return Err(gone());
        };
        // One key for every try: however often it is sent, it is applied once.
        let body = api::command_body(command, api::idempotency_key())?;
        let mut retries: u32 = 0;
        let mut waited_ms = BACKOFF_START_MS;
        let mut waiting = false;
        let result = loop {
            match api::command(&id, &token, &body).await {
                Ok(accepted) => {
                    self.error.set(None);
                    self.ingest(accepted.events, false);
                    self.answered();
                    break Ok(());
                }
                // No answer at all: the network is gone. The command waits (shown as
                // waiting, what was typed stays where it was) and goes out again
                // until the network is back, for as long as the page is open.
                Err(err) if err.status.is_none() => {
                    if !waiting {
                        waiting = true;
                        self.waiting.update(|n| *n += 1);
                    }
                    self.status.set(ConnStatus::Reconnecting);
                    TimeoutFuture::new(waited_ms).await;
                    waited_ms = (waited_ms * 2).min(BACKOFF_MAX_MS);
                    if self.conn().is_none_or(|c| c.borrow().stopped) {
                        break Err(gone());
                    }
                }
                Err(err) if err.is_transient() && retries < 2 => {
                    retries += 1;
                    TimeoutFuture::new(1_000 * retries).await;
                }
                Err(err) => break Err(err),
            }
        };
        if waiting {
            self.waiting.update(|n| *n = n.saturating_sub(1));
        }
        result
    }

    /// A command got through: if the stream is open, the page is live again (the
    /// badge may have said offline because of a command, not the stream).
    fn answered(self) {
        if self.status.try_get_untracked() != Some(ConnStatus::Reconnecting) {
            return;
        }
        let open = self.conn().is_some_and(|c| {
            c.borrow()
                .source
                .as_ref()
                .is_some_and(|s| s.ready_state() == EventSource::OPEN)
        });
        if open {
            self.status.set(ConnStatus::Live);
        }
    }

    /// Fire-and-forget [`Live::run`] for buttons.
    pub fn send(self, command: Command) {
        spawn_local(async move {
            let _ = self.run(command).await;
        });
    }

    /// Reads the state (tracked).
    /// [`Live::with`], untracked, for code that may run after its page is gone (after
    /// an `.await`): `None` then.
    pub fn try_with<R>(self, f: impl FnOnce(&SessionState) -> R) -> Option<R> {
        self.state.try_with_untracked(f)
    }

    pub fn with<R>(self, f: impl FnOnce(&SessionState) -> R) -> R {
        self.state.with(f)
    }

    pub fn phase(self) -> Phase {
        self.state.with(|s| s.phase)
    }

    /// The participant viewing this page, if it is one.
    pub fn me(self) -> Option<Participant> {
        let id = self.me_id()?;
        self.state.with(|s| s.participants.get(&id).cloned())
    }

    /// The id of the participant viewing this page, if it is one (tracked).
    pub fn me_id(self) -> Option<ParticipantId> {
        self.viewer.get()?.participant()
    }

    /// Who this page sends commands as (tracked); `None` on a screen, which sends none.
    pub fn actor(self) -> Option<Actor> {
        self.viewer.get().map_or(Some(Actor::Guest), Viewer::actor)
    }

    /// Asks the shared rules whether the server would accept what this page's viewer
    /// wants to do now (tracked). `question` asks one of the checks `decide` is made
    /// of, e.g. `|s, actor| s.may_withdraw_problem(actor, id).is_ok()`.
    pub fn may(self, question: impl Fn(&SessionState, Actor) -> bool) -> bool {
        self.asking(&question)
    }

    /// One copy of the reading for every question (a `dyn`, not a generic: each
    /// call site would otherwise carry its own copy of the signal's tracking code).
    fn asking(self, question: &dyn Fn(&SessionState, Actor) -> bool) -> bool {
        let Some(actor) = self.actor() else {
            return false;
        };
        self.state.with(|s| question(s, actor))
    }

    /// Like [`Live::may`], for the server's reason to refuse, if it would (tracked):
    /// `|s, actor| s.may_set_phase(actor, phase).err()`.
    pub fn why_not(
        self,
        question: impl Fn(&SessionState, Actor) -> Option<DomainError>,
    ) -> Option<DomainError> {
        self.reason(&question)
    }

    fn reason(
        self,
        question: &dyn Fn(&SessionState, Actor) -> Option<DomainError>,
    ) -> Option<DomainError> {
        let actor = self.actor()?;
        self.state.with(|s| question(s, actor))
    }
}

/// The session of the page, as the session page provides it.
pub fn use_live() -> Live {
    // Only session pages render the components that ask, so a missing context is a
    // bug in a page, never something a person can cause. Not `expect_context`: its
    // message formats a source location with `Debug`, about 1 KB of wasm.
    use_context().unwrap_or_else(|| panic!("a session component outside a session page"))
}
