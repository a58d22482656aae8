//! The TLS crypto provider: rustls with `ring`.
//!
//! reqwest 0.13's default rustls provider is `aws-lc-rs`, whose build needs cmake and a long C
//! compile. The client enables reqwest's `rustls-no-provider` feature instead and makes sure a
//! provider is installed before a reqwest client is built (reqwest panics otherwise).

/// Installs `ring` as the process's rustls provider, unless the application installed one.
///
/// An application that chose its own provider (say `aws-lc-rs` for FIPS) keeps it: this only
/// fills the gap, and losing a race to another installer is just as good.
pub(crate) fn ensure_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_provider_is_installed() {
        super::ensure_crypto_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
