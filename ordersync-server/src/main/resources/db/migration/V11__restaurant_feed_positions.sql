-- Live delivery (decision 0011). order_events.seq is a bigserial: its order is not commit order, so no reader may use it
-- as a resume cursor. Per order, events are already numbered without gaps and in commit order by the order's version
-- (UNIQUE (order_id, version); changes of one order serialize on its row). Per restaurant, the feed position below does
-- the same for the restaurant's live feed: it is taken from restaurant_feeds at the very end of the change's transaction
-- (the row stays locked until COMMIT), so positions of one restaurant commit in order and without gaps.

CREATE TABLE restaurant_feeds (
    restaurant_id uuid PRIMARY KEY REFERENCES restaurants (id),
    last_position bigint NOT NULL
);

ALTER TABLE order_events ADD COLUMN feed_position bigint;

-- Events written before this version are all committed: number them per restaurant in seq order.
UPDATE order_events e SET feed_position = n.position
FROM (SELECT seq, row_number() OVER (PARTITION BY restaurant_id ORDER BY seq) AS position FROM order_events) n
WHERE e.seq = n.seq;

INSERT INTO restaurant_feeds (restaurant_id, last_position)
SELECT restaurant_id, max(feed_position) FROM order_events GROUP BY restaurant_id;

ALTER TABLE order_events ALTER COLUMN feed_position SET NOT NULL;
CREATE UNIQUE INDEX order_events_feed_idx ON order_events (restaurant_id, feed_position);
DROP INDEX order_events_restaurant_idx;

ALTER TABLE restaurant_feeds ENABLE ROW LEVEL SECURITY;
ALTER TABLE restaurant_feeds FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON restaurant_feeds
    USING (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant())
    WITH CHECK (ordersync_tenant() IS NULL OR restaurant_id = ordersync_tenant());
