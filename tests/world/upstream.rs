//! A tiny upstream API on 127.0.0.1 for the world transcripts (tests/world/*.http),
//! shared by the native test (tests/world.rs) and the runner's (runner/tests/world.rs).
//! GitHub-shaped: `GET /repos/<owner>/<repo>`; the repo name picks the behaviour.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

pub struct Upstream {
    pub port: u16,
}

impl Upstream {
    /// Serves on an ephemeral port from a background thread for the rest of the process.
    pub fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                std::thread::spawn(move || serve(stream));
            }
        });
        Upstream { port }
    }

    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn serve(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
    let mut auth = String::new();
    let mut length = 0;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            match k.to_ascii_lowercase().as_str() {
                "authorization" => auth = v.trim().to_string(),
                "content-length" => length = v.trim().parse().unwrap_or(0),
                _ => {}
            }
        }
    }
    let mut body = vec![0; length];
    let _ = reader.read_exact(&mut body);
    let (status, extra, body): (&str, &str, Vec<u8>) = match path.as_str() {
        "/repos/edge/mcp" => ("200 OK", "", br#"{"full_name":"edge/mcp","description":"MCP at the edge","stargazers_count":42,"html_url":"https://github.com/edge/mcp"}"#.to_vec()),
        "/repos/edge/echo" => ("200 OK", "", format!(r#"{{"full_name":"edge/echo","html_url":"https://github.com/edge/echo","auth":"{auth}"}}"#).into_bytes()),
        "/repos/edge/missing" => ("404 Not Found", "", br#"{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}"#.to_vec()),
        "/repos/edge/boom" => ("500 Internal Server Error", "", [b"upstream exploded: ".to_vec(), vec![b'x'; 600]].concat()),
        "/repos/edge/huge" => ("200 OK", "", [b"{\"full_name\":\"".to_vec(), vec![b'x'; 70_000], b"\"}".to_vec()].concat()),
        "/repos/edge/binary" => ("200 OK", "", vec![0xff, 0xfe, b'{', 0x80]),
        "/repos/edge/redirect" => ("302 Found", "location: http://192.0.2.1/steal\r\n", Vec::new()),
        "/repos/edge/badschema" => ("200 OK", "", br#"{"full_name":7,"html_url":"https://github.com/edge/badschema"}"#.to_vec()),
        "/repos/edge/list" => ("200 OK", "", b"[1,2,3]".to_vec()),
        "/repos/edge/notjson" => ("200 OK", "", b"<html>hi</html>".to_vec()),
        // Anything else: the raw path as received, to show what a filled URL became.
        other => ("200 OK", "", format!(r#"{{"full_name":"{other}","html_url":"https://github.com/"}}"#).into_bytes()),
    };
    let head = format!("HTTP/1.1 {status}\r\n{extra}content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n", body.len());
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
