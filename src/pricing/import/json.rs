//! A streaming reader for JSON offer files. It never holds the file: it reads through a fixed
//! buffer, runs the selectors on each product as it goes by (attributes land in a reused arena),
//! keeps only the products some selector wants, and skips the terms of every other product
//! without building anything. Unknown keys, any key order, any whitespace are fine.

use super::matcher::Matcher;
use super::offer::{
    Dimension, OfferExtract, Product, ProductView, Term, TermType, date_part, parse_decimal,
    parse_range,
};
use super::selector::Selector;
use std::collections::HashSet;
use std::io::Read;
use std::ops::Range;

/// Read buffer size: large reads keep the per-byte cost low.
const BUF_SIZE: usize = 1 << 20;
/// Deepest nesting accepted inside a skipped value.
const MAX_DEPTH: usize = 256;

/// A parse failure before it is given the file's name.
#[derive(Debug)]
pub struct JsonError {
    pub offset: u64,
    pub message: String,
}

type Res<T> = std::result::Result<T, JsonError>;

/// A pull reader over a byte stream with just what offer files need.
pub struct JsonReader<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Bytes consumed before `buf[0]`.
    base: u64,
    scratch: Vec<u8>,
}

impl<R: Read> JsonReader<R> {
    pub fn new(inner: R) -> Self {
        JsonReader {
            inner,
            buf: vec![0u8; BUF_SIZE].into_boxed_slice(),
            pos: 0,
            end: 0,
            base: 0,
            scratch: Vec::with_capacity(256),
        }
    }

    /// Bytes consumed so far.
    pub fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    fn err<T>(&self, message: impl Into<String>) -> Res<T> {
        Err(JsonError {
            offset: self.offset(),
            message: message.into(),
        })
    }

    /// Makes at least one byte available; false at the end of the input.
    #[inline]
    fn fill(&mut self) -> Res<bool> {
        if self.pos < self.end {
            return Ok(true);
        }
        self.base += self.end as u64;
        self.pos = 0;
        self.end = 0;
        loop {
            match self.inner.read(&mut self.buf) {
                Ok(n) => {
                    self.end = n;
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return self.err(format!("read error: {e}")),
            }
        }
    }

    /// The next byte that is not whitespace, not consumed; `None` at the end.
    #[inline]
    fn peek(&mut self) -> Res<Option<u8>> {
        loop {
            if !self.fill()? {
                return Ok(None);
            }
            while self.pos < self.end {
                let b = self.buf[self.pos];
                if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                    self.pos += 1;
                } else {
                    return Ok(Some(b));
                }
            }
        }
    }

    fn peek_some(&mut self, what: &str) -> Res<u8> {
        match self.peek()? {
            Some(b) => Ok(b),
            None => self.err(format!(
                "unexpected end of file, expected {what} (truncated file?)"
            )),
        }
    }

    fn expect(&mut self, want: u8) -> Res<()> {
        // The message is only built on failure: this runs for every key and value.
        match self.peek()? {
            Some(b) if b == want => {
                self.pos += 1;
                Ok(())
            }
            Some(b) => self.err(format!("expected `{}`, found {}", want as char, show(b))),
            None => self.err(format!(
                "unexpected end of file, expected `{}` (truncated file?)",
                want as char
            )),
        }
    }

    /// Checks that nothing but whitespace follows the top-level value.
    pub fn expect_end(&mut self) -> Res<()> {
        match self.peek()? {
            None => Ok(()),
            Some(b) => self.err(format!(
                "unexpected {} after the end of the document",
                show(b)
            )),
        }
    }

    pub fn begin_object(&mut self) -> Res<()> {
        self.expect(b'{')
    }

    /// Advances to the next key of the current object; writes it to `key`. False at `}`.
    pub fn next_key(&mut self, first: &mut bool, key: &mut String) -> Res<bool> {
        let b = self.peek_some("a key or `}`")?;
        if b == b'}' {
            self.pos += 1;
            return Ok(false);
        }
        if !*first {
            if b != b',' {
                return self.err(format!("expected `,` or `}}`, found {}", show(b)));
            }
            self.pos += 1;
        }
        *first = false;
        key.clear();
        self.read_string(key)?;
        self.expect(b':')?;
        Ok(true)
    }

    /// Reads a string value into `out` (appending), decoding escapes.
    pub fn read_string(&mut self, out: &mut String) -> Res<()> {
        let b = self.peek_some("a string")?;
        if b != b'"' {
            return self.err(format!("expected a string, found {}", show(b)));
        }
        self.pos += 1;
        let mut bytes = std::mem::take(&mut self.scratch);
        bytes.clear();
        let r = self.string_body(Some(&mut bytes));
        let r = r.and_then(|()| match std::str::from_utf8(&bytes) {
            Ok(s) => {
                out.push_str(s);
                Ok(())
            }
            Err(_) => self.err("string is not valid UTF-8"),
        });
        self.scratch = bytes;
        r
    }

    /// Consumes a string body after its opening quote, copying it to `out` if given.
    fn string_body(&mut self, mut out: Option<&mut Vec<u8>>) -> Res<()> {
        loop {
            if !self.fill()? {
                return self.err("unexpected end of file inside a string (truncated file?)");
            }
            let avail = &self.buf[self.pos..self.end];
            match memchr::memchr2(b'"', b'\\', avail) {
                None => {
                    if let Some(o) = out.as_deref_mut() {
                        if avail.iter().any(|&c| c < 0x20) {
                            return self.err("control character inside a string");
                        }
                        o.extend_from_slice(avail);
                    }
                    self.pos = self.end;
                }
                Some(i) => {
                    let chunk = &avail[..i];
                    // Strings that are kept are checked for raw control characters; skipped ones
                    // are not (the hot path only looks for the closing quote).
                    if let Some(o) = out.as_deref_mut() {
                        if chunk.iter().any(|&c| c < 0x20) {
                            return self.err("control character inside a string");
                        }
                        o.extend_from_slice(chunk);
                    }
                    let quote = avail[i] == b'"';
                    self.pos += i + 1;
                    if quote {
                        return Ok(());
                    }
                    self.escape(out.as_deref_mut())?;
                }
            }
        }
    }

    fn next_raw(&mut self, what: &str) -> Res<u8> {
        if !self.fill()? {
            return self.err(format!(
                "unexpected end of file in {what} (truncated file?)"
            ));
        }
        let b = self.buf[self.pos];
        self.pos += 1;
        Ok(b)
    }

    fn escape(&mut self, out: Option<&mut Vec<u8>>) -> Res<()> {
        let e = self.next_raw("an escape")?;
        let c = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&hi) {
                    if self.next_raw("an escape")? != b'\\' || self.next_raw("an escape")? != b'u' {
                        return self.err("unpaired surrogate in a \\u escape");
                    }
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return self.err("invalid low surrogate in a \\u escape");
                    }
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    hi
                };
                match char::from_u32(code) {
                    Some(c) => c,
                    None => return self.err("invalid \\u escape"),
                }
            }
            other => return self.err(format!("invalid escape `\\{}`", other as char)),
        };
        if let Some(o) = out {
            let mut tmp = [0u8; 4];
            o.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
        }
        Ok(())
    }

    fn hex4(&mut self) -> Res<u32> {
        let mut v = 0u32;
        for _ in 0..4 {
            let b = self.next_raw("a \\u escape")?;
            let d = match (b as char).to_digit(16) {
                Some(d) => d,
                None => return self.err("invalid hex digit in a \\u escape"),
            };
            v = v * 16 + d;
        }
        Ok(v)
    }

    /// Reads a scalar (string, number, `true`/`false`; `null` reads as empty) into `out`.
    pub fn read_scalar(&mut self, out: &mut String) -> Res<()> {
        out.clear();
        let b = self.peek_some("a value")?;
        match b {
            b'"' => self.read_string(out),
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                let start = out.len();
                while self.fill()? {
                    let c = self.buf[self.pos];
                    if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'+' | b'.') {
                        out.push(c as char);
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let lit = &out[start..];
                let ok = match lit.as_bytes().first() {
                    Some(b't') => lit == "true",
                    Some(b'f') => lit == "false",
                    Some(b'n') => lit == "null",
                    _ => lit.parse::<f64>().is_ok() || lit.parse::<i128>().is_ok(),
                };
                if !ok {
                    return self.err(format!("invalid literal `{}`", lit.escape_debug()));
                }
                if lit == "null" {
                    out.truncate(start);
                }
                Ok(())
            }
            other => self.err(format!(
                "expected a string or number, found {}",
                show(other)
            )),
        }
    }

    /// Skips one value of any kind, checking bracket balance and string termination.
    pub fn skip_value(&mut self) -> Res<()> {
        let first = self.peek_some("a value")?;
        match first {
            b'{' => self.skip_object(),
            b'[' => self.skip_nested(),
            b'"' => {
                self.pos += 1;
                self.string_body(None)
            }
            b'}' | b']' | b',' | b':' => {
                self.err(format!("expected a value, found {}", show(first)))
            }
            _ => {
                let mut s = String::new();
                self.read_scalar(&mut s)
            }
        }
    }

    /// The hot path: skips an object by jumping between quotes and braces with `memchr3`.
    /// Brackets inside are not checked (braces and strings are).
    fn skip_object(&mut self) -> Res<()> {
        let mut depth = 0usize;
        loop {
            if !self.fill()? {
                return self.err("unexpected end of file inside an object (truncated file?)");
            }
            let avail = &self.buf[self.pos..self.end];
            match memchr::memchr3(b'"', b'{', b'}', avail) {
                None => self.pos = self.end,
                Some(i) => {
                    let b = avail[i];
                    self.pos += i + 1;
                    match b {
                        b'"' => self.string_body(None)?,
                        b'{' => {
                            depth += 1;
                            if depth > MAX_DEPTH {
                                return self.err("nesting too deep");
                            }
                        }
                        _ => {
                            if depth == 0 {
                                self.pos -= 1;
                                return self.err("unbalanced `}`");
                            }
                            depth -= 1;
                            if depth == 0 {
                                return Ok(());
                            }
                        }
                    }
                }
            }
        }
    }

    /// Skips an array (or object) checking that brackets and braces pair up.
    fn skip_nested(&mut self) -> Res<()> {
        let mut stack: Vec<u8> = Vec::with_capacity(16);
        'outer: loop {
            if !self.fill()? {
                return self.err("unexpected end of file inside a value (truncated file?)");
            }
            let mut i = self.pos;
            while i < self.end {
                let b = self.buf[i];
                i += 1;
                match b {
                    b'"' => {
                        self.pos = i;
                        self.string_body(None)?;
                        continue 'outer;
                    }
                    b'{' | b'[' => {
                        if stack.len() >= MAX_DEPTH {
                            self.pos = i;
                            return self.err("nesting too deep");
                        }
                        stack.push(if b == b'{' { b'}' } else { b']' });
                    }
                    b'}' | b']' => {
                        if stack.pop() != Some(b) {
                            self.pos = i - 1;
                            return self.err(format!("unbalanced {}", show(b)));
                        }
                        if stack.is_empty() {
                            self.pos = i;
                            return Ok(());
                        }
                    }
                    _ => {}
                }
            }
            self.pos = i;
        }
    }
}

fn show(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// A product read into reused buffers: the attribute names and values live in one arena.
#[derive(Default)]
struct ScratchProduct {
    arena: String,
    sku: Range<usize>,
    family: Option<Range<usize>>,
    attrs: Vec<(Range<usize>, Range<usize>)>,
}

impl ScratchProduct {
    fn clear(&mut self) {
        self.arena.clear();
        self.sku = 0..0;
        self.family = None;
        self.attrs.clear();
    }
}

impl ProductView for ScratchProduct {
    fn sku(&self) -> &str {
        &self.arena[self.sku.clone()]
    }
    fn product_family(&self) -> Option<&str> {
        self.family
            .clone()
            .map(|r| &self.arena[r])
            .filter(|f| !f.is_empty())
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| &self.arena[k.clone()] == name)
            .map(|(_, v)| &self.arena[v.clone()])
            .filter(|v| !v.is_empty())
    }
    fn to_product(&self) -> Product {
        Product::new(
            self.sku().to_string(),
            self.product_family().map(str::to_string),
            self.attrs
                .iter()
                .map(|(k, v)| {
                    (
                        self.arena[k.clone()].to_string(),
                        self.arena[v.clone()].to_string(),
                    )
                })
                .collect(),
        )
    }
}

/// Reads a JSON offer file, keeping the products the selectors match and their terms.
///
/// `open` gives the file from its start; it is called a second time only when the file lists its
/// terms before its products (AWS writes products first).
pub fn parse_offer<R: Read>(
    mut open: impl FnMut() -> std::io::Result<R>,
    selectors: &[Selector],
    origin: &str,
) -> crate::Result<OfferExtract> {
    let wrap = |e: JsonError| {
        crate::Error::import(
            origin,
            format!("invalid JSON at byte {}: {}", e.offset, e.message),
        )
    };
    let io = |e: std::io::Error| crate::Error::Read {
        path: origin.to_string(),
        source: e,
    };
    let mut matcher = Matcher::new(selectors);
    let mut out = OfferExtract {
        origin: origin.to_string(),
        ..OfferExtract::default()
    };
    let mut kept: HashSet<String> = HashSet::new();
    let first_pass = pass(
        open().map_err(io)?,
        &mut matcher,
        &mut out,
        &mut kept,
        Pass::Full,
    )
    .map_err(wrap)?;
    if first_pass.terms_before_products {
        pass(
            open().map_err(io)?,
            &mut matcher,
            &mut out,
            &mut kept,
            Pass::TermsOnly,
        )
        .map_err(wrap)?;
    }
    if !first_pass.saw_products {
        return Err(crate::Error::import(
            origin,
            "not an offer file: no `products` object",
        ));
    }
    out.matches = std::mem::take(&mut matcher.matches);
    out.near_misses = std::mem::take(&mut matcher.near_misses);
    out.unmatched = std::mem::take(&mut matcher.unmatched);
    out.unmatched_count = matcher.unmatched_count;
    Ok(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Full,
    TermsOnly,
}

struct PassResult {
    saw_products: bool,
    saw_terms: bool,
    terms_before_products: bool,
}

fn pass<R: Read>(
    input: R,
    matcher: &mut Matcher<'_>,
    out: &mut OfferExtract,
    kept: &mut HashSet<String>,
    mode: Pass,
) -> Res<PassResult> {
    let mut r = JsonReader::new(input);
    let mut res = PassResult {
        saw_products: false,
        saw_terms: false,
        terms_before_products: false,
    };
    // A SKU defined twice makes the file ambiguous. Each product's SKU is remembered as a 64-bit
    // hash (8 bytes a product, not the string): two different SKUs share one with a probability
    // of about 1 in 10^7 for a million products, and then the file is refused too.
    let mut skus: HashSet<u64> = HashSet::new();
    r.begin_object()?;
    let mut first = true;
    let mut key = String::new();
    let mut val = String::new();
    while r.next_key(&mut first, &mut key)? {
        let twice = match key.as_str() {
            "products" => std::mem::replace(&mut res.saw_products, true),
            "terms" => std::mem::replace(&mut res.saw_terms, true),
            _ => false,
        };
        if twice {
            return r.err(format!(
                "the `{key}` key appears twice: the offer file is ambiguous"
            ));
        }
        match (key.as_str(), mode) {
            ("offerCode", Pass::Full) => {
                r.read_scalar(&mut val)?;
                matcher.set_offer_code(&val);
                out.header.offer_code = Some(val.clone());
            }
            ("version", Pass::Full) => {
                r.read_scalar(&mut val)?;
                out.header.version = Some(val.clone());
            }
            ("publicationDate", Pass::Full) => {
                r.read_scalar(&mut val)?;
                out.header.publication_date = Some(val.clone());
            }
            ("products", Pass::Full) => {
                products(&mut r, matcher, out, kept, &mut skus)?;
            }
            ("terms", Pass::Full) if !res.saw_products => {
                res.terms_before_products = true;
                r.skip_value()?;
            }
            ("terms", _) => terms(&mut r, out, kept)?,
            _ => r.skip_value()?,
        }
    }
    r.expect_end()?;
    out.bytes = r.offset();
    Ok(res)
}

fn products<R: Read>(
    r: &mut JsonReader<R>,
    matcher: &mut Matcher<'_>,
    out: &mut OfferExtract,
    kept: &mut HashSet<String>,
    skus: &mut HashSet<u64>,
) -> Res<()> {
    r.begin_object()?;
    let mut first = true;
    let mut sku_key = String::new();
    let mut key = String::new();
    let mut p = ScratchProduct::default();
    while r.next_key(&mut first, &mut sku_key)? {
        p.clear();
        r.begin_object()?;
        let mut f = true;
        let mut sku_seen = false;
        while r.next_key(&mut f, &mut key)? {
            match key.as_str() {
                "sku" => {
                    let start = p.arena.len();
                    r.read_string(&mut p.arena)?;
                    p.sku = start..p.arena.len();
                    sku_seen = true;
                }
                "productFamily" => {
                    let start = p.arena.len();
                    r.read_string(&mut p.arena)?;
                    p.family = Some(start..p.arena.len());
                }
                "attributes" => {
                    r.begin_object()?;
                    let mut fa = true;
                    let mut name = String::new();
                    while r.next_key(&mut fa, &mut name)? {
                        if r.peek_some("a value")? != b'"' {
                            r.skip_value()?;
                            continue;
                        }
                        let ks = p.arena.len();
                        p.arena.push_str(&name);
                        let vs = p.arena.len();
                        r.read_string(&mut p.arena)?;
                        p.attrs.push((ks..vs, vs..p.arena.len()));
                    }
                }
                _ => r.skip_value()?,
            }
        }
        if !sku_seen {
            let start = p.arena.len();
            p.arena.push_str(&sku_key);
            p.sku = start..p.arena.len();
        }
        if !skus.insert(sku_hash(p.sku())) {
            return r.err(format!(
                "SKU `{}` is defined twice in `products`: the offer file is ambiguous",
                p.sku().escape_debug()
            ));
        }
        out.products_seen += 1;
        if matcher.offer(&p) {
            let product = p.to_product();
            kept.insert(product.sku.clone());
            out.products.insert(product.sku.clone(), product);
        }
    }
    Ok(())
}

/// A fixed 64-bit hash of a SKU (same on every run).
fn sku_hash(sku: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    sku.hash(&mut h);
    h.finish()
}

fn terms<R: Read>(
    r: &mut JsonReader<R>,
    out: &mut OfferExtract,
    kept: &HashSet<String>,
) -> Res<()> {
    r.begin_object()?;
    let mut first = true;
    let mut type_key = String::new();
    let mut sku = String::new();
    let mut term_key = String::new();
    while r.next_key(&mut first, &mut type_key)? {
        let Some(term_type) = TermType::parse(&type_key) else {
            r.skip_value()?;
            continue;
        };
        r.begin_object()?;
        let mut fs = true;
        while r.next_key(&mut fs, &mut sku)? {
            if !kept.contains(sku.as_str()) {
                r.skip_value()?;
                continue;
            }
            r.begin_object()?;
            let mut ft = true;
            while r.next_key(&mut ft, &mut term_key)? {
                let term = term(r, term_type, &sku, &term_key)?;
                out.terms.push(term);
            }
        }
    }
    Ok(())
}

fn term<R: Read>(
    r: &mut JsonReader<R>,
    term_type: TermType,
    sku: &str,
    term_key: &str,
) -> Res<Term> {
    let at = r.offset();
    r.begin_object()?;
    let mut t = Term {
        sku: sku.to_string(),
        term_type,
        offer_term_code: term_key.rsplit('.').next().unwrap_or(term_key).to_string(),
        effective_date: String::new(),
        term_attributes: Vec::new(),
        dimensions: Vec::new(),
    };
    let mut first = true;
    let mut key = String::new();
    let mut val = String::new();
    while r.next_key(&mut first, &mut key)? {
        match key.as_str() {
            "offerTermCode" => {
                r.read_scalar(&mut val)?;
                t.offer_term_code = val.clone();
            }
            "sku" => {
                r.read_scalar(&mut val)?;
                if val != sku {
                    return r.err(format!(
                        "term `{term_key}` names sku `{val}` under sku `{sku}`"
                    ));
                }
            }
            "effectiveDate" => {
                r.read_scalar(&mut val)?;
                match date_part(&val) {
                    Some(d) => t.effective_date = d.to_string(),
                    None => {
                        return r.err(format!("invalid effectiveDate `{}`", val.escape_debug()));
                    }
                }
            }
            "termAttributes" => {
                r.begin_object()?;
                let mut f = true;
                let mut name = String::new();
                while r.next_key(&mut f, &mut name)? {
                    r.read_scalar(&mut val)?;
                    t.term_attributes.push((name.clone(), val.clone()));
                }
            }
            "priceDimensions" => {
                r.begin_object()?;
                let mut f = true;
                let mut rate_code = String::new();
                while r.next_key(&mut f, &mut rate_code)? {
                    let d = dimension(r, &rate_code)?;
                    t.dimensions.push(d);
                }
            }
            _ => r.skip_value()?,
        }
    }
    if t.effective_date.is_empty() {
        return Err(JsonError {
            offset: at,
            message: format!("term `{term_key}` of sku `{sku}` has no effectiveDate"),
        });
    }
    t.normalize();
    Ok(t)
}

fn dimension<R: Read>(r: &mut JsonReader<R>, rate_code: &str) -> Res<Dimension> {
    r.begin_object()?;
    let mut first = true;
    let mut key = String::new();
    let mut val = String::new();
    let mut d = Dimension {
        rate_code: rate_code.to_string(),
        description: String::new(),
        unit: String::new(),
        begin_range: None,
        end_range: None,
        usd: rust_decimal::Decimal::ZERO,
    };
    let mut usd = None;
    let mut currencies = Vec::new();
    while r.next_key(&mut first, &mut key)? {
        match key.as_str() {
            "rateCode" => {
                r.read_scalar(&mut val)?;
                d.rate_code = val.clone();
            }
            "description" => {
                r.read_scalar(&mut val)?;
                d.description = val.clone();
            }
            "unit" => {
                r.read_scalar(&mut val)?;
                d.unit = val.clone();
            }
            "beginRange" | "endRange" => {
                let begin = key == "beginRange";
                r.read_scalar(&mut val)?;
                let v = match parse_range(&val) {
                    Ok(v) => v,
                    Err(e) => return r.err(format!("{key} of `{rate_code}`: {e}")),
                };
                if begin {
                    d.begin_range = v;
                } else {
                    d.end_range = v;
                }
            }
            "pricePerUnit" => {
                r.begin_object()?;
                let mut f = true;
                let mut cur = String::new();
                while r.next_key(&mut f, &mut cur)? {
                    r.read_scalar(&mut val)?;
                    if cur == "USD" {
                        match parse_decimal(&val) {
                            Ok(v) => usd = Some(v),
                            Err(e) => return r.err(format!("price of `{rate_code}`: {e}")),
                        }
                    } else {
                        currencies.push(cur.clone());
                    }
                }
            }
            _ => r.skip_value()?,
        }
    }
    match usd {
        Some(v) => d.usd = v,
        None => {
            return r.err(format!(
                "price dimension `{rate_code}` has no USD price (found: {})",
                if currencies.is_empty() {
                    "none".to_string()
                } else {
                    currencies.join(", ")
                }
            ));
        }
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader(s: &str) -> JsonReader<&[u8]> {
        JsonReader::new(s.as_bytes())
    }

    #[test]
    fn skips_nested_values_and_strings_with_brackets() {
        let mut r = reader(r#"{"a": {"b": ["}", "\"]", {"c": 1}]}, "d": "x"}"#);
        r.begin_object().unwrap();
        let mut first = true;
        let mut k = String::new();
        assert!(r.next_key(&mut first, &mut k).unwrap());
        assert_eq!(k, "a");
        r.skip_value().unwrap();
        assert!(r.next_key(&mut first, &mut k).unwrap());
        assert_eq!(k, "d");
        let mut v = String::new();
        r.read_string(&mut v).unwrap();
        assert_eq!(v, "x");
        assert!(!r.next_key(&mut first, &mut k).unwrap());
        r.expect_end().unwrap();
    }

    #[test]
    fn decodes_escapes_including_surrogate_pairs() {
        let mut r = reader(r#""a\"b\\c\/\n\u00e9\ud83d\ude00""#);
        let mut v = String::new();
        r.read_string(&mut v).unwrap();
        assert_eq!(v, "a\"b\\c/\né😀");
    }

    #[test]
    fn truncated_and_unbalanced_input_are_errors() {
        for bad in [
            r#"{"a": [1, 2"#,
            r#"{"a": "abc"#,
            r#"{"a": [}"#,
            r#"{"a" 1}"#,
            r#"{"a": 1,}"#,
            r#"{"a": tru}"#,
        ] {
            let mut r = reader(bad);
            let res = (|| -> Res<()> {
                r.begin_object()?;
                let mut first = true;
                let mut k = String::new();
                while r.next_key(&mut first, &mut k)? {
                    r.skip_value()?;
                }
                r.expect_end()
            })();
            assert!(res.is_err(), "{bad}");
        }
    }

    #[test]
    fn reads_across_buffer_boundaries() {
        // A value longer than the buffer, with an escape straddling the boundary.
        let long = "x".repeat(BUF_SIZE - 3);
        let doc = format!(r#"{{"a": "{long}\u00e9z", "b": ["{long}"]}}"#);
        let mut r = reader(&doc);
        r.begin_object().unwrap();
        let mut first = true;
        let mut k = String::new();
        r.next_key(&mut first, &mut k).unwrap();
        let mut v = String::new();
        r.read_string(&mut v).unwrap();
        assert!(v.ends_with("éz") && v.len() == long.len() + 3);
        r.next_key(&mut first, &mut k).unwrap();
        r.skip_value().unwrap();
        assert!(!r.next_key(&mut first, &mut k).unwrap());
    }
}
