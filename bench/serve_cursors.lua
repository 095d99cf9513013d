-- SPDX-License-Identifier: Apache-2.0
-- wrk script: device list pages at random cursors (keyset pagination),
-- read from the file CURSORS names (one "next" cursor a line, collected by
-- walking the list once).
local cursors = {}
for line in io.lines(os.getenv("CURSORS")) do
  cursors[#cursors + 1] = line
end
math.randomseed(7)
request = function()
  return wrk.format(nil, "/api/v1/devices?limit=50&cursor=" ..
    cursors[math.random(1, #cursors)])
end
