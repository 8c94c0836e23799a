;; The floor of a request under a FastEdge runtime: a module that answers every request
;; with one constant `tools/call hello` reply and does nothing else (no parsing, no imports).
;; scripts/bench-gcore.sh serves it beside the app and the peer, so the table shows how much
;; of a request's latency is the runtime's own (HTTP, componentizing, instantiating) and how
;; much is compiling and running a module's code. Built by scripts/lib/floor.sh.
(module
  (memory (export "memory") 1)
  (global $next (mut i32) (i32.const 4096))
  ;; The host copies the request in through this allocator: a bump pointer, never freed
  ;; (the instance lives for one request).
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get 2))))
    (global.set $next (i32.add (local.get $p) (local.get 3)))
    (local.get $p))
  ;; process(method, uri ptr/len, headers ptr/len, body tag/ptr/len) -> response return area
  (func (export "gcore:fastedge/http-handler#process")
    (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (i32.const 1024))
  ;; response: status 200, headers = some([content-type]), body = some(reply)
  (data (i32.const 1024) "\c8\00\00\00\01\00\00\00\4c\04\00\00\01\00\00\00\01\00\00\00\b0\04\00\00\52\00\00\00")
  (data (i32.const 1100) "\14\05\00\00\0c\00\00\00\28\05\00\00\10\00\00\00")
  (data (i32.const 1200) "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Hello, x!\"}]}}")
  (data (i32.const 1300) "content-type")
  (data (i32.const 1320) "application/json"))
