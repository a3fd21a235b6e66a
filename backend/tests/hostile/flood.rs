//! A participant hammering the command endpoint is throttled with a typed 429, and
//! nothing changes on the way.

use crate::harness::*;
use serde_json::json;
use summit_shared::api::ErrorBody;

#[tokio::test]
async fn a_flood_of_commands_is_throttled() {
    let mut h = Harness::new().await;
    let (olga, other_commands) = (h.cx.olga.clone(), h.cx.other_commands());
    let before = h.probe().await;
    let mut throttled = None;
    // Bursts of concurrent requests outrun the refill however slow the machine is.
    for _ in 0..5 {
        let url = h.app.url(&other_commands);
        let burst = (0..150).map(|_| {
            h.app
                .client
                .post(&url)
                .bearer_auth(&olga)
                .json(&json!({"command": {"type": "start_timer", "seconds": 60}}))
                .send()
        });
        for res in futures_util::future::join_all(burst).await {
            let res = res.expect("flood request answered");
            let status = res.status().as_u16();
            h.statuses.push(("POST flood".into(), status));
            match status {
                403 => {}
                429 => {
                    throttled = Some(Response {
                        status,
                        headers: res.headers().clone(),
                        body: res.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
                    })
                }
                other => panic!("flood: unexpected {other}"),
            }
        }
        if throttled.is_some() {
            break;
        }
    }
    let res = throttled.expect("a flood of commands is throttled");
    let err: ErrorBody = serde_json::from_slice(&res.body).expect("typed 429");
    assert_eq!(err.error.code.as_str(), "too_many_commands");
    assert!(res.headers.contains_key("retry-after"));
    assert_eq!(before, h.probe().await, "the flood changed nothing");
    h.refused += 1;
    h.finish();
}
