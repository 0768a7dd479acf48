package io.dorado.protocol.testing;

import io.dorado.protocol.CborSerializable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds every sealed protocol interface (a sealed interface that is {@link CborSerializable}) among
 * the compiled classes next to a given class, and every concrete type they permit.
 */
public final class ProtocolScan {
  private ProtocolScan() {}

  /** Sealed CborSerializable interfaces compiled into the same classes folder as {@code anchor}. */
  public static List<Class<?>> sealedProtocols(Class<?> anchor, String packagePrefix) {
    var result = new ArrayList<Class<?>>();
    for (Class<?> c : classesBeside(anchor, packagePrefix)) {
      if (c.isInterface() && c.isSealed() && CborSerializable.class.isAssignableFrom(c)) result.add(c);
    }
    result.sort(Comparator.comparing(Class::getName));
    return result;
  }

  /** Concrete (non-interface) types a sealed interface permits, through nested sealed interfaces. */
  public static Set<Class<?>> concreteSubtypes(Class<?> sealed) {
    var out = new LinkedHashSet<Class<?>>();
    for (Class<?> sub : sealed.getPermittedSubclasses()) {
      if (sub.isInterface() && sub.isSealed()) out.addAll(concreteSubtypes(sub));
      else if (!sub.isInterface()) out.add(sub);
    }
    return out;
  }

  private static List<Class<?>> classesBeside(Class<?> anchor, String packagePrefix) {
    try {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(root)) throw new IllegalStateException("expected a classes folder, got " + root);
      Path pkg = root.resolve(packagePrefix.replace('.', '/'));
      var classes = new ArrayList<Class<?>>();
      try (Stream<Path> files = Files.walk(pkg)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
          String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
          classes.add(Class.forName(name, false, anchor.getClassLoader()));
        }
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
