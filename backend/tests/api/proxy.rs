//! The README's nginx configuration, run by Debian's nginx in front of two Summit
//! servers on one PostgreSQL database: live streams flow through it unbuffered,
//! a live client resumes when the server holding its stream is killed, and the
//! per-address limits count each real client behind it, not the proxy.
//!
//! The configuration is read from README.md itself, so the example people copy is
//! the one that is tested; only the listening address and the upstream servers
//! are replaced with this test's.

use crate::common;

use common::node::Node;
use common::Sse;
use reqwest::StatusCode;
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};
use std::time::{Duration, Instant};
use summit_shared::api::{paths, CommandRequest, JoinRequest, Joined, SessionCreated, Ticket};
use summit_shared::{Command, DepartmentId, Phase, Seq, SessionSetup, SessionState};

/// The servers trust the proxy's address and nothing else.
const TRUST_THE_PROXY: [&str; 2] = ["--trusted-proxies", "127.0.0.1"];

/// Unknown-code lookups one client address may make before `429`, per server.
const MISSES_ALLOWED: usize = 20;

/// nginx as the README configures it, in front of `upstreams`; stopped when dropped.
struct Nginx {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(upstreams: &[&Node]) -> Nginx {
        let dir = tempfile::tempdir().expect("temp dir");
        // Workers drop root privileges; their temp files go in this directory.
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777))
            .expect("chmod");
        let port = free_port();
        let conf = dir.path().join("nginx.conf");
        std::fs::write(&conf, nginx_conf(dir.path(), port, upstreams)).expect("write conf");
        let mut child = Process::new(nginx_binary())
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&conf)
            .args(["-e", "stderr"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("nginx is required for this test ({e}); `bash scripts/setup.sh --nginx` installs it")
            });
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("nginx exited before listening: {status}");
            }
            assert!(Instant::now() < deadline, "nginx did not listen on {port}");
            std::thread::sleep(Duration::from_millis(20));
        }
        Nginx {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // The master process stops its workers on SIGTERM (`kill` would orphan them).
        let _ = Process::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> PathBuf {
    std::env::var_os("SUMMIT_TEST_NGINX")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let debian = PathBuf::from("/usr/sbin/nginx");
            if debian.exists() {
                debian
            } else {
                PathBuf::from("nginx")
            }
        })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// The ```nginx block of README.md.
fn readme_example() -> String {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let text = std::fs::read_to_string(readme).expect("README.md");
    let start = text
        .find("```nginx\n")
        .expect("README has an nginx example")
        + 9;
    let len = text[start..].find("```").expect("the example ends");
    text[start..start + len].to_owned()
}

/// A whole nginx.conf around the README's example: it listens on `port` and
/// proxies to `upstreams`; everything else is the README's, line for line.
fn nginx_conf(dir: &Path, port: u16, upstreams: &[&Node]) -> String {
    let example = readme_example();
    let mut out = String::new();
    let mut in_upstream = false;
    for line in example.lines() {
        let code = line.trim();
        if code.starts_with("upstream summit") {
            in_upstream = true;
            out.push_str(line);
            out.push('\n');
            for node in upstreams {
                out.push_str(&format!("    server {};\n", node.authority()));
            }
        } else if in_upstream && code.starts_with("server ") {
            // The README's servers are replaced by this test's.
        } else if code.starts_with("listen ") {
            out.push_str(&format!("    listen 127.0.0.1:{port};\n"));
        } else {
            in_upstream &= code != "}";
            out.push_str(line);
            out.push('\n');
        }
    }
    assert!(
        out.contains("proxy_pass http://summit;") && out.contains(&format!(":{port};")),
        "the README's example no longer has the expected shape:\n{example}"
    );
    let dir = dir.display();
    format!(
        "daemon off;\n\
         worker_processes 1;\n\
         pid {dir}/nginx.pid;\n\
         error_log stderr warn;\n\
         events {{ worker_connections 512; }}\n\
         http {{\n\
         access_log off;\n\
         client_body_temp_path {dir}/body;\n\
         proxy_temp_path {dir}/proxy;\n\
         fastcgi_temp_path {dir}/fastcgi;\n\
         uwsgi_temp_path {dir}/uwsgi;\n\
         scgi_temp_path {dir}/scgi;\n\
         {out}\n\
         }}\n"
    )
}

/// A browser on its own address (127.0.0.x), reaching Summit only through the
/// proxy at `origin`: it sends the page's `Origin` with every request, and shows
/// redirects instead of following them.
fn browser_at(last_octet: u8, origin: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ORIGIN,
        origin.parse().expect("an origin header"),
    );
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last_octet)))
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Two servers on one database, nginx in front, and a session created through it.
struct Site {
    nodes: Vec<Node>,
    nginx: Nginx,
    created: SessionCreated,
}

impl Site {
    async fn start() -> Site {
        let database_url = common::postgres_test_database().await;
        let nodes: Vec<Node> = (0..2)
            .map(|_| Node::start(&database_url, &TRUST_THE_PROXY))
            .collect();
        let nginx = Nginx::start(&nodes.iter().collect::<Vec<_>>());
        let setup = SessionSetup {
            title: "Behind nginx".into(),
            departments: vec!["Marketing".into(), "Customer Service".into()],
            settings: Default::default(),
            carry_from: None,
        };
        let res = browser_at(10, &nginx.base)
            .post(nginx.url("/api/sessions"))
            .json(&setup)
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
        let created: SessionCreated = res.json().await.expect("created");
        Site {
            nodes,
            nginx,
            created,
        }
    }

    fn browser_at(&self, last_octet: u8) -> reqwest::Client {
        browser_at(last_octet, &self.nginx.base)
    }

    async fn join(&self, browser: &reqwest::Client, name: &str) -> Joined {
        let res = browser
            .post(
                self.nginx
                    .url(&paths::participants(&self.created.session_id)),
            )
            .json(&JoinRequest {
                name: name.into(),
                department: DepartmentId(1),
            })
            .send()
            .await
            .expect("send");
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.expect("joined")
    }

    async fn command(&self, browser: &reqwest::Client, token: &str, command: Command) -> Seq {
        let res = browser
            .post(self.nginx.url(&paths::commands(&self.created.session_id)))
            .bearer_auth(token)
            .json(&CommandRequest {
                command,
                idempotency_key: None,
            })
            .send()
            .await
            .expect("send");
        let status = res.status();
        assert_eq!(status, StatusCode::OK, "{:?}", res.text().await);
        res.json::<summit_shared::api::CommandAccepted>()
            .await
            .expect("accepted")
            .seq
    }

    async fn ticket(&self, browser: &reqwest::Client, token: &str) -> String {
        let ticket: Ticket = browser
            .post(self.nginx.url(&paths::tickets(&self.created.session_id)))
            .bearer_auth(token)
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("ticket");
        ticket.ticket
    }

    async fn stream(&self, browser: &reqwest::Client, ticket: &str, after: Seq) -> Sse {
        let res = browser
            .get(self.nginx.url(&format!(
                "{}?ticket={ticket}",
                paths::events(&self.created.session_id)
            )))
            .header("Last-Event-ID", after.to_string())
            // As a browser asks: a proxy that compressed the stream would hold
            // its events back to fill its compressor's blocks.
            .header("Accept-Encoding", "gzip, deflate, br")
            .send()
            .await
            .expect("send");
        Sse::from_response(res)
    }

    async fn lookup(&self, browser: &reqwest::Client, code: &str, forged: Option<&str>) -> u16 {
        let mut req = browser.get(self.nginx.url(&paths::join_preview(code)));
        if let Some(forged) = forged {
            req = req.header("x-forwarded-for", forged);
        }
        req.send().await.expect("send").status().as_u16()
    }
}

#[tokio::test]
async fn live_streams_flow_through_unbuffered() {
    let site = Site::start().await;
    let browser = site.browser_at(2);
    let fac = site.created.facilitator_token.clone();
    let ticket = site.ticket(&browser, &fac).await;
    let mut stream = site.stream(&browser, &ticket, 0).await;
    // Each command's event arrives before the next command is sent: a buffering
    // proxy would hold these few hundred bytes back until its buffer filled.
    let mut last = 0;
    for phase in [Phase::Problems, Phase::Lobby, Phase::Problems] {
        let seq = site
            .command(&browser, &fac, Command::SetPhase { phase })
            .await;
        while last < seq {
            let event = stream
                .next_event(Duration::from_secs(5))
                .await
                .unwrap_or_else(|| panic!("event {seq} held back by the proxy"));
            last = event.seq;
        }
    }
}

/// A live client behind nginx: folds its stream and, when the stream ends, comes
/// back with `Last-Event-ID` as a browser's `EventSource` does.
struct Follower {
    browser: reqwest::Client,
    token: String,
    stream: Sse,
    state: SessionState,
    seq: Seq,
    resumed: usize,
}

impl Follower {
    async fn follow_to(&mut self, site: &Site, target: Seq) {
        while self.seq < target {
            match self.stream.next_event(Duration::from_secs(10)).await {
                Some(event) => {
                    assert_eq!(event.seq, self.seq + 1, "a gap or a repeat");
                    self.state.apply(&event.event);
                    self.seq = event.seq;
                }
                None => {
                    self.resumed += 1;
                    assert!(self.resumed <= 3, "stalled at {} of {target}", self.seq);
                    let ticket = site.ticket(&self.browser, &self.token).await;
                    self.stream = site.stream(&self.browser, &ticket, self.seq).await;
                }
            }
        }
    }
}

#[tokio::test]
async fn a_live_client_resumes_when_its_server_is_killed() {
    let mut site = Site::start().await;
    let fac = site.created.facilitator_token.clone();
    let browser = site.browser_at(2);
    site.command(
        &browser,
        &fac,
        Command::SetPhase {
            phase: Phase::Problems,
        },
    )
    .await;

    // Four live clients; their tickets first, then their streams one after
    // another, so that nginx's round robin puts two on each server.
    let mut followers = Vec::new();
    for i in 0..4u8 {
        let browser = site.browser_at(20 + i);
        let token = site.join(&browser, &format!("P{i}")).await.token;
        followers.push((browser, token));
    }
    let mut tickets = Vec::new();
    for (browser, token) in &followers {
        tickets.push(site.ticket(browser, token).await);
    }
    let mut live = Vec::new();
    for ((browser, token), ticket) in followers.into_iter().zip(tickets) {
        live.push(Follower {
            stream: site.stream(&browser, &ticket, 0).await,
            browser,
            token,
            state: SessionState::default(),
            seq: 0,
            resumed: 0,
        });
    }
    for (i, f) in live.iter().enumerate() {
        let text = format!("problem {i}");
        site.command(&f.browser, &f.token, Command::SubmitProblem { text })
            .await;
    }
    let before = site
        .command(&browser, &fac, Command::StartTimer { seconds: 60 })
        .await;
    for f in &mut live {
        f.follow_to(&site, before).await;
    }

    site.nodes[0].kill();
    // nginx passes what the dead server would have taken to the living one.
    site.command(&browser, &fac, Command::SetPhase { phase: Phase::Pick })
        .await;
    let last = site
        .command(&browser, &fac, Command::StartTimer { seconds: 120 })
        .await;
    for f in &mut live {
        f.follow_to(&site, last).await;
    }
    assert!(
        live.iter().any(|f| f.resumed > 0),
        "no stream was on the killed server: the test proved nothing"
    );
    for f in &live {
        let truth: summit_shared::api::Snapshot = f
            .browser
            .get(site.nginx.url(&paths::session(&site.created.session_id)))
            .bearer_auth(&f.token)
            .send()
            .await
            .expect("send")
            .json()
            .await
            .expect("snapshot");
        assert_eq!((f.seq, &f.state), (truth.seq, &truth.state));
    }
}

#[tokio::test]
async fn per_address_limits_count_each_client_behind_the_proxy() {
    let site = Site::start().await;
    let code = site.created.join_code.clone();
    let mallory = site.browser_at(2);
    let alice = site.browser_at(3);

    // Mallory mistypes codes until both servers refuse her (each counts her
    // misses on its own: the limits are per process).
    let mut statuses = Vec::new();
    while !statuses.ends_with(&[429, 429]) {
        assert!(
            statuses.len() < 4 * MISSES_ALLOWED,
            "never limited: {statuses:?}"
        );
        statuses.push(site.lookup(&mallory, "AAAAAA", None).await);
    }
    assert!(
        statuses[..MISSES_ALLOWED].iter().all(|s| *s == 404),
        "{statuses:?}"
    );
    // She is refused even with the right code, and cannot forge her way out…
    for forged in [None, None, Some("203.0.113.9"), Some("203.0.113.9")] {
        assert_eq!(site.lookup(&mallory, &code, forged).await, 429);
    }
    // …while Alice, behind the same proxy, is not affected, even naming Mallory.
    for forged in [None, None, Some("127.0.0.2"), Some("127.0.0.2")] {
        assert_eq!(site.lookup(&alice, &code, forged).await, 200);
    }
}
