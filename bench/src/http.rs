//! A deliberately small HTTP/1.1 client over a keep-alive TCP connection.
//!
//! The load generator must cost far less CPU per request than the server it
//! measures (both get one core), so requests are pre-formatted bytes written with one
//! `write`, and responses are parsed with `httparse` straight from the read buffer:
//! no pools, no header maps, no per-request allocations beyond the body.

use std::io;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A status and a body (de-chunked if the server streamed it).
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn json(&self) -> io::Result<serde_json::Value> {
        serde_json::from_slice(&self.body).map_err(io::Error::other)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One keep-alive connection; requests are sent one at a time (no pipelining).
pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    host: String,
}

/// `POST path` with a JSON body and an optional bearer token, as bytes on the wire.
pub fn post_json(host: &str, path: &str, token: Option<&str>, body: &str) -> Vec<u8> {
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// `GET path` with extra header lines (each ending in `\r\n`).
pub fn get(host: &str, path: &str, extra_headers: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra_headers}\r\n").into_bytes()
}

impl Conn {
    pub async fn connect(addr: SocketAddr) -> io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(4096),
            host: addr.to_string(),
        })
    }

    /// The `Host` header value for this connection.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Writes a whole request and reads its whole response.
    pub async fn send(&mut self, request: &[u8]) -> io::Result<Response> {
        self.stream.write_all(request).await?;
        self.buf.clear();
        let (status, head_len, framing) = read_head(&mut self.stream, &mut self.buf).await?;
        let body = match framing {
            Framing::Length(len) => {
                while self.buf.len() < head_len + len {
                    read_more(&mut self.stream, &mut self.buf).await?;
                }
                self.buf[head_len..head_len + len].to_vec()
            }
            Framing::Chunked => {
                let mut decoder = Chunked::default();
                let mut body = Vec::new();
                let mut pos = head_len;
                loop {
                    pos += decoder.decode(&self.buf[pos..], &mut body)?;
                    if decoder.is_done() {
                        break body;
                    }
                    read_more(&mut self.stream, &mut self.buf).await?;
                }
            }
        };
        Ok(Response { status, body })
    }

    /// `POST` JSON and decode the answer's JSON (for set-up steps, not hot loops).
    pub async fn post(
        &mut self,
        path: &str,
        token: Option<&str>,
        body: &serde_json::Value,
    ) -> io::Result<(u16, serde_json::Value)> {
        let request = post_json(&self.host, path, token, &body.to_string());
        let response = self.send(&request).await?;
        let json = if response.body.is_empty() {
            serde_json::Value::Null
        } else {
            response.json().unwrap_or(serde_json::Value::Null)
        };
        Ok((response.status, json))
    }
}

/// How a response body is delimited.
pub enum Framing {
    Length(usize),
    Chunked,
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<()> {
    buf.reserve(4096);
    if stream.read_buf(buf).await? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "server closed the connection",
        ));
    }
    Ok(())
}

/// Reads until a complete response head is in `buf`: (status, head length, framing).
pub async fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
) -> io::Result<(u16, usize, Framing)> {
    loop {
        if !buf.is_empty() {
            let mut headers = [httparse::EMPTY_HEADER; 32];
            let mut response = httparse::Response::new(&mut headers);
            match response.parse(buf).map_err(io::Error::other)? {
                httparse::Status::Complete(head_len) => {
                    let status = response.code.unwrap_or(0);
                    let mut framing = Framing::Length(0);
                    for h in response.headers.iter() {
                        if h.name.eq_ignore_ascii_case("content-length") {
                            let len = std::str::from_utf8(h.value)
                                .ok()
                                .and_then(|v| v.trim().parse().ok())
                                .ok_or_else(|| io::Error::other("bad content-length"))?;
                            framing = Framing::Length(len);
                        } else if h.name.eq_ignore_ascii_case("transfer-encoding")
                            && h.value.eq_ignore_ascii_case(b"chunked")
                        {
                            framing = Framing::Chunked;
                        }
                    }
                    return Ok((status, head_len, framing));
                }
                httparse::Status::Partial => {}
            }
        }
        read_more(stream, buf).await?;
    }
}

/// Incremental decoder of `Transfer-Encoding: chunked`.
#[derive(Default)]
pub struct Chunked {
    state: ChunkState,
}

#[derive(Default, Clone, Copy)]
enum ChunkState {
    #[default]
    Size,
    Data(usize),
    DataEnd,
    Trailer,
    Done,
}

fn find_crlf(data: &[u8]) -> Option<usize> {
    data.windows(2).position(|w| w == b"\r\n")
}

impl Chunked {
    /// Appends what `raw` completes to `out`; answers how many bytes of `raw` it used.
    pub fn decode(&mut self, raw: &[u8], out: &mut Vec<u8>) -> io::Result<usize> {
        let mut pos = 0;
        loop {
            match self.state {
                ChunkState::Size => {
                    let Some(end) = find_crlf(&raw[pos..]) else {
                        return Ok(pos);
                    };
                    let line = std::str::from_utf8(&raw[pos..pos + end])
                        .map_err(|_| io::Error::other("bad chunk size"))?;
                    let hex = line.split(';').next().unwrap_or("").trim();
                    let size = usize::from_str_radix(hex, 16)
                        .map_err(|_| io::Error::other(format!("bad chunk size {line:?}")))?;
                    pos += end + 2;
                    self.state = if size == 0 {
                        ChunkState::Trailer
                    } else {
                        ChunkState::Data(size)
                    };
                }
                ChunkState::Data(left) => {
                    let take = left.min(raw.len() - pos);
                    if take == 0 {
                        return Ok(pos);
                    }
                    out.extend_from_slice(&raw[pos..pos + take]);
                    pos += take;
                    self.state = if take == left {
                        ChunkState::DataEnd
                    } else {
                        ChunkState::Data(left - take)
                    };
                }
                ChunkState::DataEnd => {
                    if raw.len() - pos < 2 {
                        return Ok(pos);
                    }
                    if &raw[pos..pos + 2] != b"\r\n" {
                        return Err(io::Error::other("chunk not followed by CRLF"));
                    }
                    pos += 2;
                    self.state = ChunkState::Size;
                }
                ChunkState::Trailer => {
                    let Some(end) = find_crlf(&raw[pos..]) else {
                        return Ok(pos);
                    };
                    pos += end + 2;
                    if end == 0 {
                        self.state = ChunkState::Done;
                    }
                }
                ChunkState::Done => return Ok(pos),
            }
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self.state, ChunkState::Done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunks_across_arbitrary_splits() {
        let wire = b"5\r\nhello\r\n7;x=1\r\n, world\r\n0\r\n\r\n";
        for split in 0..wire.len() {
            let mut d = Chunked::default();
            let mut out = Vec::new();
            let mut raw = wire[..split].to_vec();
            let used = d.decode(&raw, &mut out).unwrap();
            raw.drain(..used);
            raw.extend_from_slice(&wire[split..]);
            d.decode(&raw, &mut out).unwrap();
            assert_eq!(out, b"hello, world");
            assert!(d.is_done());
        }
    }
}
