-- Acknowledges any page (none comes: the scenario has no alerts).
on("page", function(page) ack(page) end)
