//! The built front end as the server sends it, against a real server: long-lived
//! caching for Trunk's hashed file names (whose hashes may be shorter than 16
//! digits), revalidation for the HTML, the precompressed copies, the page fallback,
//! the console's page for its paths, and the CSP that pins both pages' inline scripts
//! by hash.

use crate::common;

use base64::Engine;
use common::TestApp;
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

const INLINE_SCRIPT: &str = r#"if (location.pathname !== "/") document.body.hidden = true;"#;
const JS: &str = "/summit-frontend-4869f1104c73aca.js"; // a 15-digit hash, as Trunk writes it
const WASM: &str = "/summit-frontend-4869f1104c73aca_bg.wasm";
const CSS: &str = "/style-0123456789abcdef.css";

/// A server whose assets folder looks like a Trunk release build.
async fn app_with_front_end() -> TestApp {
    let mut app = TestApp::start().await;
    app.stop().await;
    let dir = app.assets_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let index = format!(
        "<!doctype html><script type=module>import '{JS}';</script>\
         <main id=boot>stand-in</main><script>{INLINE_SCRIPT}</script>"
    );
    let files: [(&str, &[u8]); 7] = [
        ("/index.html", index.as_bytes()),
        (JS, b"export default 1;"),
        ("/summit-frontend-4869f1104c73aca.js.br", b"brotli bytes"),
        ("/summit-frontend-4869f1104c73aca.js.gz", b"gzip bytes"),
        (WASM, b"\0asm\x01\0\0\0"),
        (CSS, b"body{margin:0}"),
        ("/notes.txt", b"not built by Trunk"),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name.trim_start_matches('/')), bytes).unwrap();
    }
    app.boot().await;
    app
}

async fn get(app: &TestApp, path: &str, encoding: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url(path));
    if let Some(encoding) = encoding {
        req = req.header("accept-encoding", encoding);
    }
    req.send().await.unwrap()
}

#[tokio::test]
async fn hashed_files_are_cached_for_a_year_and_the_rest_revalidated() {
    let app = app_with_front_end().await;
    for path in [JS, WASM, CSS] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable",
            "{path}"
        );
    }
    for path in ["/", "/index.html", "/notes.txt", "/s/abc/facilitate"] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
    }
    // A built file that is not there (an old release's) is a 404, not index.html
    // cached for a year under its name.
    let missing = get(&app, "/summit-frontend-0123456789abcdef.js", None).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn precompressed_copies_are_sent_to_browsers_that_take_them() {
    let app = app_with_front_end().await;
    let br = get(&app, JS, Some("gzip, deflate, br")).await;
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["content-type"], "text/javascript");
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let gz = get(&app, JS, Some("gzip")).await;
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip bytes");
    let plain = get(&app, JS, None).await;
    assert!(!plain.headers().contains_key("content-encoding"));
    assert_eq!(plain.bytes().await.unwrap().as_ref(), b"export default 1;");
}

#[tokio::test]
async fn every_page_path_gets_the_app_with_its_inline_scripts_pinned_by_the_csp() {
    let app = app_with_front_end().await;
    let index = std::fs::read_to_string(app.assets_dir().join("index.html")).unwrap();
    let pinned = |script: &str| {
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script));
        format!("'sha256-{hash}'")
    };
    // The start page, the path index.html's join form submits to before the app has
    // loaded, and any page of the app.
    for path in ["/", "/join?code=K7M-QXP", "/join/K7MQXP", "/s/abc/summary"] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains(&pinned(INLINE_SCRIPT)), "{path}: {csp}");
        assert!(
            csp.contains(&pinned(&format!("import '{JS}';"))),
            "{path}: {csp}"
        );
        assert!(csp.contains("form-action 'self'"), "{path}: {csp}");
        assert_eq!(res.text().await.unwrap(), index, "{path}");
    }
}

/// The same build with the console's page beside the participant's.
async fn app_with_console() -> TestApp {
    let mut app = app_with_front_end().await;
    app.stop().await;
    let console = format!(
        "<!doctype html><script type=module>import '{CONSOLE_JS}';</script>\
         <main id=boot>stand-in</main><script>{INLINE_SCRIPT}</script>"
    );
    std::fs::write(app.assets_dir().join("console.html"), console).unwrap();
    app.boot().await;
    app
}

const CONSOLE_JS: &str = "/summit-console-0123456789abcdef.js";

#[tokio::test]
async fn the_start_page_and_the_console_get_the_consoles_download() {
    let app = app_with_console().await;
    let dir = app.assets_dir();
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let console = std::fs::read_to_string(dir.join("console.html")).unwrap();
    // The start page, the path its form submits a code to, and the console.
    for path in ["/", "/join?code=K7M-QXP", "/s/abc/facilitate"] {
        let res = get(&app, path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(res.text().await.unwrap(), console, "{path}");
    }
    for path in ["/join/K7MQXP", "/s/abc", "/s/abc/summary", "/no/such/page"] {
        let res = get(&app, path, None).await;
        assert_eq!(res.text().await.unwrap(), index, "{path}");
    }
    // Both pages' loaders are allowed, everywhere.
    let csp = get(&app, "/s/abc", None).await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for js in [JS, CONSOLE_JS] {
        let hash = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(format!("import '{js}';")));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{js}: {csp}");
    }
}
