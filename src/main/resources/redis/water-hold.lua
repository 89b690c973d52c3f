local stock = redis.call('GET', KEYS[1])
if not stock then return 'NOT_LOADED' end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if tonumber(stock) - redis.call('ZCARD', KEYS[2]) <= 0 then return 'OUT_OF_STOCK' end
if not redis.call('SET', KEYS[3], ARGV[3], 'NX', 'PX', ARGV[4]) then return 'CODE_TAKEN' end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[5])
return 'HELD'
