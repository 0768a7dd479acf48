package io.dorado.actors.strategy.marketdata;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The WebSocket side of the market fakes (Netty on 127.0.0.1, as {@code FakeBinance}'s WebSocket API): any path,
 * text frames in and out. {@link #drop} closes every connection without a close frame and refuses new ones until
 * {@link #reopen}, as a network outage would.
 */
final class FakeMarketSocket implements AutoCloseable {
  /** One open connection and the request URI it opened with. */
  record Conn(Channel channel, String uri) {
    void send(String text) {
      channel.writeAndFlush(new TextWebSocketFrame(text));
    }
  }

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel server;
  private final Map<Channel, Conn> open = new ConcurrentHashMap<>();
  private final AtomicInteger handshakes = new AtomicInteger();
  private volatile boolean down;

  /** @param onOpen told each handshake; @param onText told each text frame */
  FakeMarketSocket(java.util.function.Consumer<Conn> onOpen, BiConsumer<Conn, String> onText) throws InterruptedException {
    server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (down) {
              ch.close();
              return;
            }
            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                new WebSocketServerProtocolHandler("/", null, true, 65536, false, true),
                new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                  @Override
                  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete h) {
                      Conn c = new Conn(ctx.channel(), h.requestUri());
                      open.put(ctx.channel(), c);
                      ctx.channel().closeFuture().addListener(f -> open.remove(ctx.channel()));
                      handshakes.incrementAndGet();
                      onOpen.accept(c);
                    }
                    super.userEventTriggered(ctx, evt);
                  }

                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                    Conn c = open.get(ctx.channel());
                    if (c != null) onText.accept(c, frame.text());
                  }
                });
          }
        }).bind("127.0.0.1", 0).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  Iterable<Conn> connections() {
    return open.values();
  }

  int handshakes() {
    return handshakes.get();
  }

  /** Every connection closed (no close frame), new ones refused until {@link #reopen}. */
  void drop() {
    down = true;
    open.keySet().forEach(Channel::close);
  }

  void reopen() {
    down = false;
  }

  @Override
  public void close() {
    open.keySet().forEach(Channel::close);
    server.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
