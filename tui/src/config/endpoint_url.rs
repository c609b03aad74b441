//! An endpoint's URL: absolute http or https, with a host, no user name or password (secrets
//! go in the token keys), no query or fragment. Its path is made to end with `/`, so that
//! `url.join("api/dco/infoUser/")` stays below it.

use url::Url;

/// `text` as an endpoint's base URL, or what is wrong with it (a sentence that does not
/// repeat the URL, which might carry a password).
pub(super) fn parse_endpoint_url(text: &str) -> Result<Url, String> {
    let mut url = Url::parse(text.trim()).map_err(|error| {
        format!("not a valid URL ({error}); write it as https://host[:port][/path]")
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!(
            "the scheme must be http or https, not {}",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(
            "the URL must not carry a user name or password; give the secret as a token instead"
                .to_owned(),
        );
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("the URL must not have a query (?…) or a fragment (#…)".to_owned());
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::parse_endpoint_url;

    #[test]
    fn good_urls_become_bases() {
        let cases = [
            ("https://portal.example.it", "https://portal.example.it/"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080/"),
            (
                "https://billing.example.com/whmcs",
                "https://billing.example.com/whmcs/",
            ),
            (
                "https://billing.example.com/whmcs/",
                "https://billing.example.com/whmcs/",
            ),
            (" https://x.example ", "https://x.example/"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_endpoint_url(text).unwrap().as_str(), expected);
        }
    }

    #[test]
    fn bad_urls_are_explained_without_being_repeated() {
        let cases = [
            ("portal.example.it", "not a valid URL"),
            ("", "not a valid URL"),
            ("ftp://files.example.it", "must be http or https, not ftp"),
            ("https://user:pw_secret@x.example", "user name or password"),
            ("https://user@x.example", "user name or password"),
            ("https://x.example/?a=1", "query"),
            ("https://x.example/#top", "fragment"),
        ];
        for (text, expected) in cases {
            let problem = parse_endpoint_url(text).unwrap_err();
            assert!(problem.contains(expected), "{text}: {problem}");
            assert!(!problem.contains("pw_secret"), "{problem}");
        }
    }
}
