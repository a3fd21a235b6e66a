//! A Server-Sent Events reader on a raw connection: it only extracts the `id:` of
//! each `summit` message, which is all the fan-out benchmark needs (the id is the
//! event's sequence number).

use crate::http::{get, read_head, Chunked, Framing};
use std::io;
use std::net::SocketAddr;
use summit_shared::api::SSE_EVENT;
use tokio::io::AsyncReadExt;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

pub struct SseClient {
    stream: TcpStream,
    raw: Vec<u8>,
    chunked: Option<Chunked>,
    payload: Vec<u8>,
}

impl SseClient {
    /// Opens `GET path` and checks for a 200 `text/event-stream`-style streamed answer.
    pub async fn open(addr: SocketAddr, path: &str) -> io::Result<SseClient> {
        let mut stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let request = get(
            &addr.to_string(),
            path,
            "Accept: text/event-stream\r\nCache-Control: no-cache\r\n",
        );
        stream.write_all(&request).await?;
        let mut raw = Vec::with_capacity(1024);
        let (status, head_len, framing) = read_head(&mut stream, &mut raw).await?;
        if status != 200 {
            return Err(io::Error::other(format!(
                "stream answered {status}: {}",
                String::from_utf8_lossy(&raw[head_len..])
            )));
        }
        raw.drain(..head_len);
        let chunked = match framing {
            Framing::Chunked => Some(Chunked::default()),
            // Not chunked: the body runs until the connection closes.
            Framing::Length(_) => None,
        };
        raw.shrink_to(1024);
        Ok(SseClient {
            stream,
            raw,
            chunked,
            payload: Vec::new(),
        })
    }

    /// Waits until at least one complete `summit` message has arrived and appends
    /// their sequence numbers to `out`. `Ok(false)` when the server closed the stream.
    pub async fn next_batch(&mut self, out: &mut Vec<u64>) -> io::Result<bool> {
        loop {
            self.process(out)?;
            if !out.is_empty() {
                return Ok(true);
            }
            self.raw.reserve(2048);
            if self.stream.read_buf(&mut self.raw).await? == 0 {
                return Ok(false);
            }
        }
    }

    fn process(&mut self, out: &mut Vec<u64>) -> io::Result<()> {
        match &mut self.chunked {
            Some(decoder) => {
                let used = decoder.decode(&self.raw, &mut self.payload)?;
                self.raw.drain(..used);
            }
            None => self.payload.append(&mut self.raw),
        }
        let mut start = 0;
        while let Some(end) = find(&self.payload[start..], b"\n\n") {
            let block = &self.payload[start..start + end];
            start += end + 2;
            let mut event: &[u8] = b"message";
            let mut id = None;
            for line in block.split(|b| *b == b'\n') {
                if let Some(v) = line.strip_prefix(b"event:") {
                    event = v.trim_ascii();
                } else if let Some(v) = line.strip_prefix(b"id:") {
                    id = std::str::from_utf8(v.trim_ascii())
                        .ok()
                        .and_then(|s| s.parse::<u64>().ok());
                }
            }
            if event == SSE_EVENT.as_bytes() {
                out.push(id.ok_or_else(|| io::Error::other("summit event without id"))?);
            }
        }
        self.payload.drain(..start);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
