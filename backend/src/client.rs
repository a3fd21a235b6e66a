//! Who is asking: the client's address, as every per-address limit and log line
//! counts it.
//!
//! Behind a proxy every request comes from the proxy's address, so limits per
//! address would count a whole company as one person. When (and only when) the
//! connection comes from a trusted proxy (`--trusted-proxies`), the client is read
//! from `Forwarded` (RFC 7239) or, failing that, `X-Forwarded-For`: walking the
//! chain from its right end, the first address that is not itself a trusted proxy.
//! A header from anyone else is ignored, so a client cannot pick its own address.

use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

/// The proxies whose word on the client's address is trusted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

/// A list that does not parse: which entry, and why.
#[derive(Debug, thiserror::Error)]
#[error("`{entry}` is neither an address nor a CIDR range ({reason})")]
pub struct BadProxyList {
    entry: String,
    reason: ipnet::AddrParseError,
}

impl FromStr for TrustedProxies {
    type Err = BadProxyList;

    /// A comma-separated list of addresses (`10.0.0.7`) and ranges (`10.0.0.0/24`).
    fn from_str(list: &str) -> Result<TrustedProxies, BadProxyList> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| match IpAddr::from_str(entry) {
                Ok(addr) => Ok(IpNet::from(addr)),
                Err(_) => IpNet::from_str(entry).map_err(|reason| BadProxyList {
                    entry: entry.to_owned(),
                    reason,
                }),
            })
            .collect::<Result<_, _>>()
            .map(TrustedProxies)
    }
}

impl TrustedProxies {
    fn trusts(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        self.0.iter().any(|net| net.contains(&addr))
    }

    /// The client of a request that came from `peer` with these headers.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let chain = forwarded_for(headers).or_else(|| x_forwarded_for(headers));
        let Some(chain) = chain else {
            return peer;
        };
        // From the right: each hop added the address it saw; the first one that is not
        // a proxy of ours is where the request came from. An entry that is no address
        // (`unknown`, an obfuscated name) ends the walk: the last trusted hop stands.
        let mut client = peer;
        for hop in chain.iter().rev() {
            match hop {
                Some(addr) if self.trusts(*addr) => client = *addr,
                Some(addr) => return *addr,
                None => return client,
            }
        }
        client
    }
}

/// The `for=` addresses of every `Forwarded` element, in order (`None` for a value
/// that is not an address). `None` when there is no such header.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut chain = Vec::new();
    for value in headers.get_all(header::FORWARDED) {
        let value = value.to_str().ok()?;
        for element in value.split(',') {
            for pair in element.split(';') {
                let Some((key, value)) = pair.split_once('=') else {
                    continue;
                };
                if key.trim().eq_ignore_ascii_case("for") {
                    chain.push(node_address(value.trim().trim_matches('"')));
                }
            }
        }
    }
    (!chain.is_empty()).then_some(chain)
}

/// The addresses of every `X-Forwarded-For`, in order.
fn x_forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let mut chain = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let value = value.to_str().ok()?;
        chain.extend(value.split(',').map(|hop| node_address(hop.trim())));
    }
    (!chain.is_empty()).then_some(chain)
}

/// An address as a forwarding header writes it: `192.0.2.7`, `192.0.2.7:4711`,
/// `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn node_address(node: &str) -> Option<IpAddr> {
    if let Ok(addr) = IpAddr::from_str(node) {
        return Some(addr);
    }
    if let Ok(socket) = SocketAddr::from_str(node) {
        return Some(socket.ip());
    }
    let bracketed = node.strip_prefix('[')?;
    IpAddr::from_str(&bracketed[..bracketed.find(']')?]).ok()
}

/// The client's address, as an extractor (see the module docs).
#[derive(Clone, Copy, Debug)]
pub struct Client(pub IpAddr);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(addr)| addr.ip());
        Ok(Client(state.trusted_proxies.client(peer, &parts.headers)))
    }
}

/// The client is not part of an operation's document.
impl aide::OperationInput for Client {}

/// Whether the client reached us over HTTPS, as far as we know: the server itself
/// speaks plain HTTP, so only a trusted proxy can say so (`Forwarded: proto=https`
/// or `X-Forwarded-Proto: https`, the nearest proxy's word).
#[derive(Clone, Copy, Debug)]
pub struct Https(pub bool);

impl FromRequestParts<AppState> for Https {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Https, Infallible> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let trusted = peer.is_some_and(|peer| state.trusted_proxies.trusts(peer));
        Ok(Https(trusted && forwarded_https(&parts.headers)))
    }
}

impl aide::OperationInput for Https {}

/// The protocol the nearest proxy reports (the last `proto=` of `Forwarded`, else the
/// last `X-Forwarded-Proto`).
fn forwarded_https(headers: &HeaderMap) -> bool {
    let last = |name: &str| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
            .map(str::trim)
            .map(str::to_owned)
    };
    let from_forwarded = last("forwarded").and_then(|hop| {
        hop.split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(key, _)| key.eq_ignore_ascii_case("proto"))
            .map(|(_, value)| value.trim_matches('"').to_owned())
    });
    from_forwarded
        .or_else(|| last("x-forwarded-proto"))
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (name, value) in pairs {
            h.append(*name, HeaderValue::from_static(value));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_says() {
        let proxies: TrustedProxies = "10.0.0.0/24".parse().unwrap();
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("forwarded", "for=203.0.113.9"),
        ]);
        assert_eq!(proxies.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.1"), &h), ip("10.0.0.1"));
    }

    #[test]
    fn behind_trusted_proxies_the_rightmost_untrusted_address_is_the_client() {
        let proxies: TrustedProxies = "10.0.0.0/24, 192.168.1.7".parse().unwrap();
        // A client's own forged entry sits left of what the proxies added.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 192.168.1.7")]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("203.0.113.9"));
        let h = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(proxies.client(ip("10.0.0.2"), &h), ip("203.0.113.9"));
        // No header: the proxy itself.
        assert_eq!(
            proxies.client(ip("10.0.0.2"), &HeaderMap::new()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn the_nearest_proxy_says_the_protocol() {
        assert!(forwarded_https(&headers(&[("x-forwarded-proto", "https")])));
        assert!(forwarded_https(&headers(&[(
            "forwarded",
            "for=1.2.3.4;proto=https"
        )])));
        assert!(!forwarded_https(&headers(&[(
            "forwarded",
            "proto=https, for=10.0.0.1;proto=http"
        )])));
        assert!(!forwarded_https(&headers(&[(
            "x-forwarded-proto",
            "https, http"
        )])));
        assert!(!forwarded_https(&headers(&[])));
    }

    #[test]
    fn forwarded_wins_and_reads_every_spelling() {
        let proxies: TrustedProxies = "10.0.0.1".parse().unwrap();
        let h = headers(&[
            (
                "forwarded",
                r#"for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.1"#,
            ),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "for=192.0.2.60:80;by=10.0.0.1")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h), ip("192.0.2.60"));
        // An obfuscated hop ends the walk at the last trusted one.
        let h = headers(&[("forwarded", "for=_hidden, for=10.0.0.1")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &h), ip("10.0.0.1"));
    }

    #[test]
    fn a_proxy_list_parses_addresses_and_ranges_or_says_what_is_wrong() {
        assert_eq!(
            "".parse::<TrustedProxies>().unwrap(),
            TrustedProxies::default()
        );
        assert!("10.0.0.1, ::1, 10.0.0.0/8"
            .parse::<TrustedProxies>()
            .is_ok());
        let err = "10.0.0.1, nonsense".parse::<TrustedProxies>().unwrap_err();
        assert!(err.to_string().contains("nonsense"), "{err}");
        // An IPv4 client seen through an IPv6 socket is still that IPv4 address.
        let proxies: TrustedProxies = "127.0.0.1".parse().unwrap();
        assert!(proxies.trusts(ip("::ffff:127.0.0.1")));
    }
}
