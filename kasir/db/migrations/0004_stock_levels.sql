-- An item's stock on hand is the quantity and value after its latest move: the database sets
-- them as each move is written, so the two can never disagree and an event needs one
-- statement less (kasir check still compares them).
CREATE TRIGGER stock_moves_set_level AFTER INSERT ON stock_moves
BEGIN
    UPDATE items SET qty_on_hand = NEW.qty_after, value_on_hand = NEW.value_after
     WHERE id = NEW.item_id;
END;
