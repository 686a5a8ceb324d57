//! A tiny HTTP/1.1 server on 127.0.0.1 for the `pricing update` tests, with injectable faults.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone)]
pub enum Fault {
    None,
    /// Answer this many requests with HTTP 500 first.
    ServerErrorFirst(usize),
    /// Send headers, then stall this long before the body.
    Stall(Duration),
    /// Announce the full Content-Length but send only half the body, then close.
    CutShort,
    /// Send headers, then the body one byte at a time with this pause between bytes (a mirror
    /// that passes every read timeout and never ends).
    Drip(Duration),
}

#[derive(Clone)]
pub struct Route {
    pub body: Arc<Vec<u8>>,
    pub fault: Fault,
    pub hits: Arc<AtomicUsize>,
}

pub struct Server {
    pub base_url: String,
    routes: Arc<Mutex<HashMap<String, Route>>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let base_url = format!("http://{}", listener.local_addr().expect("local addr"));
        let routes: Arc<Mutex<HashMap<String, Route>>> = Arc::default();
        let r = routes.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let r = r.clone();
                std::thread::spawn(move || handle(stream, &r));
            }
        });
        Server { base_url, routes }
    }

    pub fn route(&self, path: &str, body: Vec<u8>, fault: Fault) -> Arc<AtomicUsize> {
        let hits = Arc::new(AtomicUsize::new(0));
        self.routes.lock().unwrap().insert(
            path.to_string(),
            Route {
                body: Arc::new(body),
                fault,
                hits: hits.clone(),
            },
        );
        hits
    }
}

fn handle(stream: TcpStream, routes: &Mutex<HashMap<String, Route>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let route = routes.lock().unwrap().get(&path).cloned();
    let mut out = stream;
    let Some(route) = route else {
        let _ = out
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    let n = route.hits.fetch_add(1, Ordering::SeqCst);
    let head = |status: &str, len: usize| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n"
        )
    };
    match route.fault {
        Fault::ServerErrorFirst(k) if n < k => {
            let _ = out.write_all(head("500 Internal Server Error", 0).as_bytes());
        }
        Fault::Stall(d) => {
            let _ = out.write_all(head("200 OK", route.body.len()).as_bytes());
            let _ = out.flush();
            std::thread::sleep(d);
            let _ = out.write_all(&route.body);
        }
        Fault::Drip(d) => {
            let _ = out.write_all(head("200 OK", route.body.len()).as_bytes());
            for b in route.body.iter() {
                let _ = out.flush();
                std::thread::sleep(d);
                if out.write_all(&[*b]).is_err() {
                    return;
                }
            }
        }
        Fault::CutShort => {
            let _ = out.write_all(head("200 OK", route.body.len()).as_bytes());
            let _ = out.write_all(&route.body[..route.body.len() / 2]);
        }
        _ => {
            let _ = out.write_all(head("200 OK", route.body.len()).as_bytes());
            let _ = out.write_all(&route.body);
        }
    }
    let _ = out.flush();
}
