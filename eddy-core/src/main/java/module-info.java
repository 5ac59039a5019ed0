/**
 * Eddy core: the public API lives in {@code dev.eddy}; everything under
 * {@code dev.eddy.internal} is private to the framework.
 */
module dev.eddy.core {
  requires transitive org.slf4j;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;
  requires tools.jackson.databind;
  requires java.net.http;
  requires static com.aayushatharva.brotli4j;
  requires static com.github.luben.zstd_jni;
  requires org.apache.commons.fileupload2.core;
  requires static org.bouncycastle.pkix;
  requires static org.bouncycastle.provider;

  exports dev.eddy;
  exports dev.eddy.hub;
  exports dev.eddy.sse;
  exports dev.eddy.ws;
  exports dev.eddy.client;
  exports dev.eddy.cookie;
  exports dev.eddy.session;
  exports dev.eddy.auth;
  exports dev.eddy.security;
  exports dev.eddy.files;
  exports dev.eddy.compression;
  exports dev.eddy.log;
  exports dev.eddy.js;
  exports dev.eddy.concurrent;
  exports dev.eddy.task;
  exports dev.eddy.body;
  exports dev.eddy.template;
  exports dev.eddy.route;
  exports dev.eddy.proxy;
  // The queues behind Hub subscriptions and task watches, shared with the Redis module's backends.
  exports dev.eddy.internal.hub to dev.eddy.redis;
  exports dev.eddy.internal.task to dev.eddy.redis;
}
