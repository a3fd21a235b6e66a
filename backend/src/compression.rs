//! On-the-fly compression of the answers that can be large.

use tower_http::compression::CompressionLayer;

/// On-the-fly compression, for the responses that can be large: pages and files
/// without a precompressed copy, snapshots, exports and the OpenAPI document.
/// Why not every route: a command's answer is a few hundred bytes, under the
/// threshold anyway, and the layer around the hottest endpoint cost time on every
/// vote for nothing.
pub fn layer() -> CompressionLayer<impl tower_http::compression::Predicate> {
    CompressionLayer::new().compress_when(worth_compressing())
}

/// Which of those responses are compressed. Static files are served precompressed;
/// small JSON answers are not worth a compressor's set-up cost per request, so only
/// bodies above 1 KiB are compressed, and never the live stream (it must flush each
/// event at once).
fn worth_compressing() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
    SizeAbove::new(1024)
        .and(NotForContentType::GRPC)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::SSE)
}
