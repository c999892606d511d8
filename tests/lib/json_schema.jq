# The object kinds of doc/json-schema.md as jq predicates: `valid` is true when the input is one
# of them (or an array of them) with every documented field of the documented type.
def int_or_null: type == "number" or type == "null";
def is_int: type == "number" and . == floor;
def common($k): .kind == $k and .schema == 1;
def guest: common("guest") and (.name|type) == "string" and (.state == "running" or .state == "stopped")
  and (.host|type) == "boolean" and (.ctx|is_int) and (.nprocs|is_int) and (.nthreads|is_int)
  and (.vsz_bytes|is_int) and (.rss_bytes|int_or_null) and (.mem_limit_bytes|int_or_null)
  and (.cpu_user_ms|is_int) and (.cpu_sys_ms|is_int) and (.cpu_pct|type) == "number"
  and (.uptime_ms|is_int) and (.pids_limit|int_or_null) and (.init_pid|int_or_null)
  and (.ips|type) == "array" and all(.ips[]; type == "string")
  and (if has("config") then (.config|type) == "object" and all(.config[]; type == "string") else true end);
def process: common("process") and (.pid|is_int) and (.guest_pid|is_int) and (.ppid|is_int)
  and ((.guest|type) == "string" or .guest == null) and (.ctx|is_int) and (.uid|is_int)
  and (.user|type) == "string" and (.state|type) == "string" and (.nice|is_int)
  and (.nthreads|is_int) and (.cpu_pct|type) == "number" and (.utime_ms|is_int)
  and (.stime_ms|is_int) and (.rss_bytes|is_int) and (.vsz_bytes|is_int) and (.start_ms|is_int)
  and (.comm|type) == "string" and (.cmdline|type) == "string";
def snapshot: common("snapshot") and (.time|is_int) and (.interval_ms|is_int) and (.uptime_ms|is_int)
  and (.ncpu|is_int) and (.mem_total_bytes|int_or_null) and (.guests|type) == "array"
  and all(.guests[]; guest) and (if has("processes") then all(.processes[]; process) else true end);
def result: common("result") and (.command|type) == "string"
  and ((.guest|type) == "string" or .guest == null) and (.ok|type) == "boolean"
  and (.message|type) == "string"
  and (if has("status") then (.status|is_int) and (.output|type) == "string" else true end);
def attribute: common("attribute") and (.guest|type) == "string" and (.name|type) == "string"
  and (.file|type) == "string" and (.value|type) == "string" and (.set|type) == "boolean"
  and (.live|type) == "boolean";
def one: guest or process or snapshot or result or attribute;
def valid: if type == "array" then all(.[]; one) else one end;
