-- wrk script for bench/http/run-wrk.sh: GET the expanded page, or (HB_WRITE_PERCENT of the
-- time) POST a new bookmark into a widget of another page; each connection waits HB_DELAY_MS
-- between requests, which paces the load (wrk has no constant-rate mode). Counts answers that
-- are not 2xx and prints them at the end.
local token = os.getenv("HB_TOKEN")
local page = os.getenv("HB_PAGE")
local other_page = os.getenv("HB_OTHER_PAGE")
local target = os.getenv("HB_TARGET_WIDGET")
local delay_ms = tonumber(os.getenv("HB_DELAY_MS") or "0")
local write_percent = tonumber(os.getenv("HB_WRITE_PERCENT") or "0")

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  non_2xx = 0
  writes = 0
  math.randomseed(id * 7919)
  local headers = {["Authorization"] = "Bearer " .. token}
  local accept_encoding = os.getenv("HB_ACCEPT_ENCODING")
  if accept_encoding and accept_encoding ~= "" then
    headers["Accept-Encoding"] = accept_encoding
  end
  read_request = wrk.format("GET", "/api/v1/pages/" .. page .. "?expand=all", headers)
end

function delay()
  return delay_ms
end

function request()
  if write_percent > 0 and math.random(100) <= write_percent then
    writes = writes + 1
    local body = string.format('{"url":"https://write.example.com/%d/%d","title":"written %d"}',
                               id, writes, writes)
    return wrk.format("POST", "/api/v1/pages/" .. other_page .. "/widgets/" .. target ..
                      "/bookmarks", {["Authorization"] = "Bearer " .. token,
                                     ["Content-Type"] = "application/json"}, body)
  end
  return read_request
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local errors, total_writes = 0, 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("non_2xx")
    total_writes = total_writes + thread:get("writes")
  end
  io.write(string.format("non-2xx answers: %d; writes: %d; socket errors: %d connect, %d read, " ..
                         "%d write, %d timeout\n", errors, total_writes, summary.errors.connect,
                         summary.errors.read, summary.errors.write, summary.errors.timeout))
end
