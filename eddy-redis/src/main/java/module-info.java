/**
 * Eddy on Redis: {@link dev.eddy.redis.RedisHub}, {@link dev.eddy.redis.RedisTaskStore} and
 * {@link dev.eddy.redis.RedisSessionStore}, for several instances behind a load balancer.
 */
module dev.eddy.redis {
  requires transitive dev.eddy.core;
  requires lettuce.core;
  requires org.slf4j;

  exports dev.eddy.redis;
}
