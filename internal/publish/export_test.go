package publish

// RemoveAll lets tests make the removal of an old tree fail.
var RemoveAll = &removeAll
