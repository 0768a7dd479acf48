package io.dorado.cluster;

import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.session.ProgrammaticArguments;
import com.datastax.oss.driver.internal.core.context.DefaultDriverContext;
import com.datastax.oss.driver.internal.core.context.DefaultNettyOptions;
import com.datastax.oss.driver.internal.core.context.InternalDriverContext;
import com.datastax.oss.driver.internal.core.context.NettyOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * The Cassandra driver's connections with a {@link PauseGuard} check next to the socket: the handler nearest
 * the socket checks every write and flush, so after a pause longer than the limit the process halts before any
 * byte queued before the pause is sent (see {@link PauseGuardedSessionProvider}). The driver's own pipeline is
 * built as usual; the check is added in front of it once it is.
 */
final class PauseGuardedChannels {
  static final String HANDLER_NAME = "dorado-pause-guard";

  private PauseGuardedChannels() {}

  /** The driver's context, with the Netty options below. */
  static final class Context extends DefaultDriverContext {
    Context(DriverConfigLoader loader, ProgrammaticArguments arguments) {
      super(loader, arguments);
    }

    @Override
    protected NettyOptions buildNettyOptions() {
      return new Options(this);
    }
  }

  /** The driver's Netty options; each connection's initializer is wrapped to add the check. */
  static final class Options extends DefaultNettyOptions {
    Options(InternalDriverContext context) {
      super(context);
    }

    @Override
    public void afterBootstrapInitialized(Bootstrap bootstrap) {
      super.afterBootstrapInitialized(bootstrap);
      ChannelHandler drivers = bootstrap.config().handler();
      bootstrap.handler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel channel) {
          channel.pipeline().addLast(drivers); // the driver's initializer runs here, adding its handlers
          channel.pipeline().addFirst(HANDLER_NAME, new Check());
        }
      });
    }
  }

  /** Checks the guard on every write and flush, nearest the socket. */
  static final class Check extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
      PauseGuard.checkAll();
      super.write(ctx, msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) throws Exception {
      PauseGuard.checkAll();
      super.flush(ctx);
    }
  }
}
