-- The stock, read before MySQL is, when no reservation is in flight (nil otherwise): what claim-heal compares against.
if redis.call('ZCARD', KEYS[4]) > 0 then return false end
return redis.call('GET', KEYS[2])
