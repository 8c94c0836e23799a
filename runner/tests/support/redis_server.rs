//! A throwaway Redis for tests: Debian's `redis-server` on 127.0.0.1 with an ephemeral
//! port, no persistence (`--save '' --appendonly no`), stopped by its PID on drop.
//! `.ci/run` installs it; without it the tests that need it fail and say how to install it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    child: Child,
    pub port: u16,
    dir: std::path::PathBuf,
}

impl RedisServer {
    pub fn start() -> RedisServer {
        // An ephemeral port: bind, read it, release it for redis-server to take.
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("edge-mcp-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let child = Command::new("redis-server")
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start redis-server ({e}): apt-get install -y redis-server"));
        let server = RedisServer { child, port, dir };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() && server.try_command(&["PING"]).is_some() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("redis-server did not answer on 127.0.0.1:{port}");
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Runs one command and returns the raw reply text (enough to check `+OK`/`:1`).
    pub fn command(&self, args: &[&str]) -> String {
        self.try_command(args).unwrap_or_else(|| panic!("redis command {args:?} failed"))
    }

    fn try_command(&self, args: &[&str]) -> Option<String> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
        let mut frame = format!("*{}\r\n", args.len());
        for a in args {
            frame.push_str(&format!("${}\r\n{a}\r\n", a.len()));
        }
        s.write_all(frame.as_bytes()).ok()?;
        let mut r = BufReader::new(s);
        let mut line = String::new();
        r.read_line(&mut line).ok()?;
        if let Some(n) = line.strip_prefix('$').and_then(|n| n.trim().parse::<usize>().ok()) {
            let mut data = vec![0; n + 2];
            r.read_exact(&mut data).ok()?;
            line.push_str(&String::from_utf8_lossy(&data));
        }
        Some(line)
    }

    /// Loads a store in the runner's JSON file format (`runner/src/kv.rs`) into Redis:
    /// strings with SET, `[member, score]` lists with ZADD. (String lists are Bloom
    /// filters, which Debian's Redis cannot hold: it has no RedisBloom.)
    pub fn load_json(&self, json: &serde_json::Value) {
        for (key, value) in json.as_object().expect("a JSON object") {
            match value {
                serde_json::Value::String(s) => assert_eq!(self.command(&["SET", key, s]), "+OK\r\n"),
                serde_json::Value::Number(n) => assert_eq!(self.command(&["SET", key, &n.to_string()]), "+OK\r\n"),
                serde_json::Value::Array(items) if items.iter().all(|i| i.is_array()) => {
                    for item in items {
                        let member = item[0].as_str().unwrap();
                        let score = item[1].to_string();
                        self.command(&["ZADD", key, &score, member]);
                    }
                }
                _ => {}
            }
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        // Exactly this child, by PID.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
