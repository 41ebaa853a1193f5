local cart = service("cart")
local checkout = service("chekout")
at("5m", function() checkout:crash() end)
