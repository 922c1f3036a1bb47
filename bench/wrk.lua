-- wrk script for bench/serving.py: requests come from a file of lines, one request each,
-- cycled in order (a second thread starts half the list on, so a list of never-seen URLs
-- is not asked twice; the bench runs at most two threads). A line is a path, or
-- "H <path>" for an htmx request (HX-Request: true). Every request asks for gzip, as a
-- browser does. done() prints one JSON line the bench parses: requests, duration,
-- latency percentiles (microseconds) and the status codes seen.
--
--     wrk -t2 -c8 -d10s -s bench/wrk.lua http://127.0.0.1:8000 -- <url file>

local lines = {}
local position = 0
local threads = {}
-- Status counts live in globals named s<code> (thread:get copies plain values only).
local tracked = { 200, 302, 304, 400, 404, 405, 429, 500, 502, 503, 504 }

function setup(thread)
   thread:set("index", #threads)
   table.insert(threads, thread)
end

function init(args)
   for line in io.lines(args[1]) do
      if #line > 0 then
         table.insert(lines, line)
      end
   end
   position = (index * math.floor(#lines / 2)) % #lines
end

function request()
   position = position % #lines + 1
   local line = lines[position]
   local headers = { ["Accept-Encoding"] = "gzip" }
   if string.sub(line, 1, 2) == "H " then
      headers["HX-Request"] = "true"
      line = string.sub(line, 3)
   end
   return wrk.format("GET", line, headers)
end

function response(status, headers, body)
   local key = "s" .. status
   _G[key] = (_G[key] or 0) + 1
end

function done(summary, latency, requests)
   local statuses = {}
   for _, thread in ipairs(threads) do
      for _, code in ipairs(tracked) do
         local n = thread:get("s" .. code)
         if n then
            statuses[code] = (statuses[code] or 0) + n
         end
      end
   end
   local parts = {}
   for code, n in pairs(statuses) do
      table.insert(parts, string.format('"%d": %d', code, n))
   end
   io.write(string.format(
      '\nBENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
         .. '"socket_errors": %d, "statuses": {%s}}\n',
      summary.requests,
      summary.duration,
      latency:percentile(50),
      latency:percentile(99),
      summary.errors.connect + summary.errors.read + summary.errors.write
         + summary.errors.timeout,
      table.concat(parts, ", ")
   ))
end
