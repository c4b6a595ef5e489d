package io.analogcomposer.api.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Records the SQL text of every statement the application prepares or executes, from any thread, while recording
 * is on: it wraps the application's DataSource, so JPA and plain JDBC statements alike pass through it. Register it
 * as a static bean of a test configuration.
 */
final class SqlRecorder implements BeanPostProcessor {

    private static final Set<String> PREPARING = Set.of("prepareStatement", "prepareCall");
    private static final Set<String> EXECUTING = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "addBatch");

    private final List<String> statements = new CopyOnWriteArrayList<>();
    private volatile boolean recording;

    void start() {
        statements.clear();
        recording = true;
    }

    /** Stops recording; returns what was recorded since {@link #start}. */
    List<String> stop() {
        recording = false;
        return List.copyOf(statements);
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource dataSource && !(bean instanceof Recording)
                ? new Recording(dataSource)
                : bean;
    }

    private void record(Object[] args) {
        if (recording && args != null && args.length > 0 && args[0] instanceof String sql) {
            statements.add(sql);
        }
    }

    /** The application's DataSource, handing out connections that record their statements. */
    private final class Recording extends DelegatingDataSource implements AutoCloseable {

        Recording(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(Connection.class, super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return wrap(Connection.class, super.getConnection(username, password));
        }

        /** Closes the pool with the context, as the unwrapped bean would have been. */
        @Override
        public void close() throws Exception {
            if (getTargetDataSource() instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T wrap(Class<T> type, T target) {
        return (T) Proxy.newProxyInstance(SqlRecorder.class.getClassLoader(), new Class<?>[]{type},
                (proxy, method, args) -> invoke(proxy, target, method, args));
    }

    private Object invoke(Object proxy, Object target, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        // a proxy equals only itself, as the pool's own connection handles do
        if (name.equals("equals") && args != null && args.length == 1) {
            return proxy == args[0];
        }
        if (name.equals("hashCode") && args == null) {
            return System.identityHashCode(proxy);
        }
        if (PREPARING.contains(name) || target instanceof Statement && EXECUTING.contains(name)) {
            record(args);
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        return name.equals("createStatement") && result instanceof Statement statement
                ? wrap(Statement.class, statement)
                : result;
    }
}
