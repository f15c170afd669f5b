-- Runs after every migration (Flyway callback): the application role may use every table and sequence, including
-- those later migrations add. Skipped where the role could not be created.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'ordersync_app') THEN
        EXECUTE 'GRANT USAGE ON SCHEMA public TO ordersync_app';
        EXECUTE 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ordersync_app';
        EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ordersync_app';
        EXECUTE 'GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ordersync_app';
    END IF;
END
$$;
