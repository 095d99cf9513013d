-- SPDX-License-Identifier: Apache-2.0
-- wrk script: device list pages at random offsets (0..9950), so nearly
-- every request misses the server's answer cache.
math.randomseed(7)
request = function()
  return wrk.format(nil, "/api/v1/devices?limit=50&offset=" .. math.random(0, 9950))
end
