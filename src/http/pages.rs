//! Plain server-rendered pages for browser flows that are not the app (sign-in redirects,
//! unavailable hosts): calm, readable, no scripts.

use poem::Response;
use poem::http::StatusCode;

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A page with a heading, a sentence and optionally one link.
pub fn message(status: StatusCode, title: &str, body: &str, link: Option<(&str, &str)>) -> Response {
    let link = link
        .map(|(href, label)| format!(r#"<p><a href="{}">{}</a></p>"#, escape(href), escape(label)))
        .unwrap_or_default();
    let page = format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;background:#f7f7f8;color:#1f2328}}
main{{max-width:28rem;padding:2rem;text-align:center}}h1{{font-size:1.25rem;margin:0 0 .5rem}}p{{margin:0 0 1rem;color:#57606a}}
a{{color:#4c3fb8;font-weight:600;text-decoration:none}}a:hover{{text-decoration:underline}}</style></head>
<body><main><h1>{title}</h1><p>{body}</p>{link}</main></body></html>"#,
        title = escape(title),
        body = escape(body),
    );
    Response::builder().status(status).content_type("text/html; charset=utf-8").body(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_escaped() {
        assert_eq!(escape(r#"<b>"Tom" & 'Jerry'</b>"#), "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;");
    }
}
