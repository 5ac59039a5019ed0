package dev.eddy.internal.server;

import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * HttpCodec is Eddy's HTTP/1.1 server codec: {@link StrictRequestDecoder} in, Netty's response
 * encoder out. Unlike Netty's {@code HttpServerCodec} it keeps no queue of request methods: Eddy
 * leaves the body out of HEAD responses itself.
 */
final class HttpCodec extends CombinedChannelDuplexHandler<StrictRequestDecoder, HttpResponseEncoder> {
  HttpCodec(HttpDecoderConfig config, Runnable bytesArrived) {
    super(new StrictRequestDecoder(config, bytesArrived), new HttpResponseEncoder());
  }
}
